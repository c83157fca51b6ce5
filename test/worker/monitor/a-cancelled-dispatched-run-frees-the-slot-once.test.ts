// GitHub cancels the dispatched run before it reaches the gate (a newer run in the concurrency group
// pushed it out, or someone cancelled it in the UI): the cron's reconciliation frees the slot, and
// the next waiting commit is dispatched, once, however many cron runs follow.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, runFor } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { alertsOf, productionOf } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
});

it("a cancelled dispatched run frees the slot and the next queued commit is dispatched, once", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled(); // #1 dispatched (nothing live)
  await decisionOf(notification({ commit_sha: sha(2) })); // #2 queued behind it
  const run = await runFor(1);
  await outside.runStatus(run.id, "completed", "cancelled");
  await cronRun();
  await settled();
  await cronRun();
  await cronRun();
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(2)]);
  expect(await productionOf(sha(1))).toMatchObject({ status: "dispatch_failed" });
  expect(String((await productionOf(sha(1))).error)).toMatch(/cancelled before it reached the gate/);
  const alerts = await alertsOf("run_unreported");
  expect(alerts.map((alert) => alert.sha)).toEqual([sha(1)]);
  expect(alerts[0]?.summary).toMatch(/was cancelled before it started/);
});

it("a run that GitHub still runs changes nothing but what it waits for", async () => {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const run = await runFor(1);
  await outside.runStatus(run.id, "queued");
  await cronRun();
  expect(await productionOf(sha(1))).toMatchObject({ status: "dispatched", review: "waiting to start" });
  await outside.runStatus(run.id, "in_progress");
  await cronRun();
  const record = await productionOf(sha(1));
  expect(record.status).toBe("dispatched");
  expect(record.review).toBeUndefined();
  expect(await outside.dispatched()).toEqual([sha(1)]);
});
