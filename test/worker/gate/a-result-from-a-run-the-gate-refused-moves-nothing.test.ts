// Defect 4: a production success reported by a run other than the dispatched one made the in-flight
// commit live, with no alert, while the record kept the dispatched run's id.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, resultOf, runFor, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const production = async () =>
  await query<{ sha: string; status: string; run_id: number | null }>(
    "SELECT sha, status, run_id FROM deployments WHERE environment = 'production' ORDER BY id",
  );

it("a success from a hand-run is recorded with an alert and moves neither the slot nor live", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const dispatched = await runFor(1);
  const hand = await outside.handRun(sha(1));
  expect(await decisionOf(startOf(hand))).toBe("rejected");
  await settled();
  const alertsBefore = (await outside.requests("alert")).length;

  expect(await decisionOf(resultOf(hand, "success"))).toBe("alerted");
  await settled();
  expect(await production()).toEqual([{ sha: sha(1), status: "dispatched", run_id: dispatched.id }]);
  const alerts = (await outside.requests("alert")).slice(alertsBefore);
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.map((alert) => alert.body).join()).toMatch(/ignored/);

  // The run on the record still counts.
  expect(await decisionOf(startOf(dispatched))).toBe("approved");
  expect(await decisionOf(resultOf(dispatched, "success"))).toBe("recorded");
  expect(await production()).toEqual([{ sha: sha(1), status: "live", run_id: dispatched.id }]);
});

it("a failure from another run of the commit does not fail the dispatched one", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const dispatched = await runFor(1);
  expect(await decisionOf(startOf(dispatched))).toBe("approved");
  const hand = await outside.handRun(sha(1));
  expect(await decisionOf(resultOf(hand, "failure"))).toBe("alerted");
  expect(await production()).toEqual([{ sha: sha(1), status: "deploying", run_id: dispatched.id }]);
});
