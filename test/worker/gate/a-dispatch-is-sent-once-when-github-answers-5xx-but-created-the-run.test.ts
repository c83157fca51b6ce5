// Defect 1: GitHub answered 5xx but did create the run, and listed it only seconds later. The
// lookup before a resend ran 1–2 s after the failure, missed the run, and sent the dispatch again:
// two production runs for one decision, and "stopped at the gate" pages for internalbf's own run.
import { reset } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { decisionOf, resultOf, runFor, startOf } from "../support/flow";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled, travel } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const dispatchEntry = async () =>
  (
    await query<{ state: string; attempts: number; last_error: string | null }>(
      "SELECT state, attempts, last_error FROM outbox WHERE kind = 'dispatch'",
    )
  )[0];

const productionRow = async (n: number) =>
  (
    await query<{ status: string; run_id: number | null }>(
      "SELECT status, run_id FROM deployments WHERE sha = ? AND environment = 'production'",
      sha(n),
    )
  )[0];

/** Lets `seconds` pass in steps of five, the alarm running at each (as it would). */
async function wait(seconds: number): Promise<void> {
  for (let passed = 0; passed < seconds; passed += 5) {
    await travel(5_000);
    await settled();
  }
}

describe("a dispatch GitHub answered 5xx for, but carried out", () => {
  it.each([5, 20])("is found when GitHub lists its run %i s late, and is never sent again", async (lag) => {
    await outside.listLag(lag * 1000);
    await outside.script("dispatch", [{ status: 502, body: { message: "Bad Gateway" }, createRun: true }]);
    expect(await decisionOf(notification({ commit_sha: sha(1) }))).toBe("production_dispatch_queued");
    await settled();
    expect(await dispatchEntry()).toMatchObject({ state: "pending", attempts: 1 });
    expect((await dispatchEntry())?.last_error).toMatch(/looking for run ibf-/);

    await wait(60);

    expect(await outside.dispatched()).toEqual([sha(1)]);
    const [run] = await outside.runs();
    expect(await productionRow(1)).toMatchObject({ status: "dispatched", run_id: run?.id });
    // Looking used up no attempt.
    expect(await dispatchEntry()).toMatchObject({ state: "done", attempts: 1 });
  });

  it("is sent again only after a minute of looking found no run, and within two", async () => {
    await outside.script("dispatch", [{ status: 503, body: { message: "Service Unavailable" } }]);
    await decisionOf(notification({ commit_sha: sha(1) }));
    await settled();
    await wait(55);
    expect(await outside.dispatched()).toEqual([sha(1)]);
    expect((await dispatchEntry())?.attempts).toBe(1);
    await wait(10);
    expect(await outside.dispatched()).toEqual([sha(1), sha(1)]);
    expect(await productionRow(1)).toMatchObject({ status: "dispatched", run_id: expect.any(Number) });
    expect((await dispatchEntry())?.attempts).toBe(2);
  });
});

describe("two runs of one decision", () => {
  it("the gate approves the run on the record; the other is refused as a duplicate, recorded, and pages no one", async () => {
    // The first run is listed too late to be found in a minute: the dispatch is sent again.
    await outside.listLag(600_000);
    await outside.script("dispatch", [{ status: 502, createRun: true }]);
    await decisionOf(notification({ commit_sha: sha(1) }));
    await settled();
    await wait(65);
    const [recorded, stray] = await outside.runs();
    if (recorded === undefined || stray === undefined) throw new Error("expected two runs");
    expect(recorded.dispatch_id).toBe(stray.dispatch_id);
    expect((await productionRow(1))?.run_id).toBe(recorded.id);
    const alertsBefore = (await outside.requests("alert")).length;

    const duplicate = await post(startOf(stray));
    expect(await duplicate.json()).toMatchObject({ decision: "rejected", reason: expect.stringMatching(/duplicate/) });
    expect(await decisionOf(startOf(recorded))).toBe("approved");
    expect(await decisionOf(resultOf(stray, "skipped"))).toBe("recorded");
    await settled();

    expect((await outside.requests("alert")).length).toBe(alertsBefore);
    const kinds = (await query<{ kind: string }>("SELECT kind FROM events WHERE sha = ?", sha(1))).map((e) => e.kind);
    expect(kinds).toContain("production_start_duplicate");
    expect(kinds).not.toContain("production_start_rejected");
  });

  it("where GitHub reported no run, the first start to arrive is approved and the other refused quietly", async () => {
    await outside.rejectRunDetails(true);
    await decisionOf(notification({ commit_sha: sha(1) }));
    await settled();
    const first = await runFor(1);
    const second = await outside.handRun(sha(1), first.dispatch_id);
    expect(await decisionOf(startOf(second))).toBe("approved");
    expect(await decisionOf(startOf(first))).toBe("rejected");
    await settled();
    expect((await productionRow(1))?.run_id).toBe(second.id);
    expect(await outside.requests("alert")).toEqual([]);
  });
});
