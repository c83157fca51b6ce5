import { reset } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, goLive } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const read = async (path: string) => {
  const response = await get(path, ADMIN_TOKEN);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("authentication", () => {
  it.each(["/deployments", `/deployments/${sha(1)}`, "/pipeline"])("%s answers 401 without the token", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("refuses a wrong bearer token, and a token that only shares a prefix", async () => {
    expect((await get("/pipeline", "wrong")).status).toBe(401);
    expect((await get("/pipeline", `${ADMIN_TOKEN}x`)).status).toBe(401);
    expect((await get("/pipeline", ADMIN_TOKEN.slice(0, -1))).status).toBe(401);
  });

  it("accepts the token as the password of Basic auth (a browser)", async () => {
    const response = await exports.default.fetch("https://internalbf.test/pipeline", {
      headers: { authorization: `Basic ${btoa(`operator:${ADMIN_TOKEN}`)}` },
    });
    expect(response.status).toBe(200);
  });
});

describe("GET /deployments", () => {
  it("lists newest first, filters by environment and status, and pages with a cursor", async () => {
    for (let n = 1; n <= 5; n++) {
      await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) }));
    }
    await decisionOf(notification({ commit_sha: sha(3), status: "failure" }));
    const first = await read("/deployments?limit=2");
    expect((first.body.deployments as { sha: string }[]).map((row) => row.sha)).toEqual([sha(5), sha(4)]);
    const second = await read(`/deployments?limit=2&cursor=${first.body.next_cursor}`);
    expect((second.body.deployments as { sha: string }[]).map((row) => row.sha)).toEqual([sha(3), sha(2)]);
    const third = await read(`/deployments?limit=2&cursor=${second.body.next_cursor}`);
    expect((third.body.deployments as { sha: string }[]).map((row) => row.sha)).toEqual([sha(1)]);
    expect(third.body.next_cursor).toBeNull();
    const failed = await read("/deployments?environment=staging&status=failure");
    expect((failed.body.deployments as { sha: string }[]).map((row) => row.sha)).toEqual([sha(3)]);
  });

  it.each(["limit=0", "limit=101", "limit=x", "environment=qa", "cursor=abc"])("answers 400 for %s", async (query) => {
    const response = await read(`/deployments?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: "invalid_query" } });
  });
});

describe("GET /deployments/{sha} and /pipeline", () => {
  it("shows a commit's audit trail, including the dispatched run's link", async () => {
    await goLive(1);
    const { status, body } = await read(`/deployments/${sha(1)}`);
    expect(status).toBe(200);
    expect(body.production).toMatchObject({ status: "live", run_url: expect.stringMatching(/actions\/runs\/\d+/) });
    expect((body.events as { kind: string }[]).map((event) => event.kind)).toEqual([
      "staging_success",
      "promotion_dispatch_queued",
      "dispatch_accepted",
      "production_start_approved",
      "production_live",
    ]);
  });

  it("answers 404 for a commit it never saw and 400 for a malformed one", async () => {
    expect((await read(`/deployments/${sha(9)}`)).status).toBe(404);
    expect((await read("/deployments/HEAD")).status).toBe(400);
  });

  it("shows the live commit, the one in flight and the queue", async () => {
    await outside.history([sha(1), sha(2), sha(3)]);
    await goLive(1);
    await decisionOf(notification({ commit_sha: sha(2) }));
    await settled();
    await decisionOf(notification({ commit_sha: sha(3) }));
    const { body } = await read("/pipeline");
    expect(body).toMatchObject({
      live: sha(1),
      in_flight: { sha: sha(2), status: "dispatched" },
      waiting: [{ sha: sha(3), status: "queued" }],
      blocked: [],
      frozen: null,
      on_hold: null,
    });
  });
});
