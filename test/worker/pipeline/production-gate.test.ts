import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, runOf } from "../support/flow";
import { get, notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const started = (n: number, run_id: number) =>
  notification({ event: "production_deployment_started", commit_sha: sha(n), status: undefined, run_id });

it("approves the run internalbf dispatched for the commit", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  expect(await decisionOf(started(1, await runOf(1)))).toBe("approved");
});

it("rejects a hand-run production deploy of a commit that never passed staging, on the record, with an alert", async () => {
  expect(await decisionOf(started(7, 4242))).toBe("rejected");
  await settled();
  const record = (await (await get(`/deployments/${sha(7)}`, ADMIN_TOKEN)).json()) as {
    production: null;
    events: { kind: string; detail: { reason: string; run_id: number } }[];
  };
  // An audit event of the commit, not a production row: a hand-run never decides its promotion.
  expect(record.production).toBeNull();
  const rejected = record.events.find((event) => event.kind === "production_start_rejected");
  expect(rejected?.detail).toMatchObject({ run_id: 4242, reason: expect.stringMatching(/did not dispatch/) });
  expect((await outside.requests("alert")).length).toBe(3);
});

it("rejects a second run of a dispatched commit, saying why", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const run = await runOf(1);
  const response = await post(started(1, run + 1));
  expect(await response.json()).toMatchObject({
    decision: "rejected",
    reason: `run ${run + 1} is not the dispatched run ${run}`,
    deployment: { status: "dispatched", run_id: run },
  });
});
