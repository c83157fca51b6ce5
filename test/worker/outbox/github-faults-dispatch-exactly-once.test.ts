import { reset } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled, travel } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

async function productionRow(n: number) {
  const rows = await query<{ status: string; run_id: number | null; error: string | null }>(
    "SELECT status, run_id, error FROM deployments WHERE sha = ? AND environment = 'production'",
    sha(n),
  );
  return rows[0];
}

async function dispatchEntry() {
  const rows = await query<{ state: string; attempts: number; due_at: number; last_error: string | null }>(
    "SELECT state, attempts, due_at, last_error FROM outbox WHERE kind = 'dispatch'",
  );
  return rows[0];
}

describe("GitHub failing, then recovering: the dispatch happens exactly once", () => {
  it.each([500, 502, 503])(
    "after a %i that created nothing: sent again once a minute of looking found no run",
    async (status) => {
      await outside.script("dispatch", [{ status, body: { message: "Server Error" } }]);
      await post(notification({ commit_sha: sha(1) }));
      await settled();
      expect((await dispatchEntry())?.state).toBe("pending");
      expect((await productionRow(1))?.status).toBe("dispatching");
      await travel(60_000);
      await settled();
      expect(await outside.dispatched()).toEqual([sha(1), sha(1)]);
      expect(await outside.runs()).toHaveLength(1);
      expect(await productionRow(1)).toMatchObject({ status: "dispatched", run_id: expect.any(Number) });
    },
  );

  it("after a connection reset", async () => {
    await outside.script("dispatch", [{ reset: true }]);
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    expect((await dispatchEntry())?.last_error).toMatch(/unreachable/);
    await travel(60_000);
    await settled();
    expect(await outside.runs()).toHaveLength(1);
    expect((await productionRow(1))?.status).toBe("dispatched");
  });

  it("after a timeout whose request GitHub did accept (found by its run, not sent again)", async () => {
    await outside.script("dispatch", [{ delayMs: 10_600 }]);
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    expect((await dispatchEntry())?.last_error).toMatch(/timed out|abort/i);
    // The lookup comes seconds later, by when GitHub has created the run.
    await vi.waitFor(async () => expect(await outside.runs()).toHaveLength(1), { timeout: 5_000 });
    await travel(5_000);
    await settled();
    expect(await outside.dispatched()).toEqual([sha(1)]);
    expect(await outside.runs()).toHaveLength(1);
    expect((await productionRow(1))?.status).toBe("dispatched");
  }, 30_000);

  it("honours Retry-After on a 429", async () => {
    await outside.script("dispatch", [{ status: 429, headers: { "retry-after": "120" } }]);
    const before = Date.now();
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    expect((await dispatchEntry())?.due_at).toBeGreaterThanOrEqual(before + 120_000);
  });

  it("honours x-ratelimit-reset on a 403 secondary rate limit", async () => {
    const reset = Math.floor(Date.now() / 1000) + 900;
    await outside.script("dispatch", [
      {
        status: 403,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
        body: { message: "You have exceeded a secondary rate limit" },
      },
    ]);
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    const entry = await dispatchEntry();
    expect(entry?.state).toBe("pending");
    expect(entry?.due_at).toBeGreaterThanOrEqual(reset * 1000);
  });

  it("treats a 404 as permanent: no retry, the deployment shows dispatch_failed and alerts", async () => {
    await outside.script("dispatch", [{ status: 404, body: { message: "Not Found" } }]);
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    expect(await dispatchEntry()).toMatchObject({ state: "failed", attempts: 1 });
    expect(await productionRow(1)).toMatchObject({ status: "dispatch_failed", error: expect.stringMatching(/404/) });
    expect((await outside.requests("alert")).length).toBe(3);
  });

  it("after the last attempt, the failure is visible with its error and alerted", async () => {
    await outside.script(
      "dispatch",
      Array.from({ length: 10 }, () => ({ status: 503, body: { message: "Service Unavailable" } })),
    );
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    for (let attempt = 2; attempt <= 10; attempt++) {
      await travel(60_000);
      await settled();
    }
    expect(await dispatchEntry()).toMatchObject({ state: "failed", attempts: 10 });
    expect(await productionRow(1)).toMatchObject({
      status: "dispatch_failed",
      error: expect.stringMatching(/503.*after 10 attempt/),
    });
    expect(await outside.runs()).toHaveLength(0);
    const alerts = await outside.requests("alert");
    expect(alerts.map((alert) => alert.body).join()).toContain("dispatch");
  });
});

describe("return_run_details", () => {
  it("records the run GitHub reports", async () => {
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    const [run] = await outside.runs();
    expect(await productionRow(1)).toMatchObject({ status: "dispatched", run_id: run?.id });
  });

  it("falls back to the plain dispatch where the server refuses the field, and remembers", async () => {
    await outside.rejectRunDetails(true);
    await post(notification({ commit_sha: sha(1) }));
    await settled();
    const bodies = (await outside.requests("dispatch")).map((request) => JSON.parse(request.body) as object);
    expect(bodies.map((body) => "return_run_details" in body)).toEqual([true, false]);
    expect(await productionRow(1)).toMatchObject({ status: "dispatched", run_id: null });
    expect(await outside.runs()).toHaveLength(1);
  });
});
