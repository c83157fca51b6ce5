// Deployments that stop moving: marked after STUCK_AFTER_MINUTES (20 under test), alerted once across
// many cron runs with repeats counted on the record, shown in /pipeline and /health, cleared when
// they move again. A run waiting for production's reviewers is not stuck.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, resultOf, runFor, startOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { age, alertsOf, MINUTE, overview, productionOf } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
});

async function deploying(): Promise<Awaited<ReturnType<typeof runFor>>> {
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const run = await runFor(1);
  expect(await decisionOf(startOf(run))).toBe("approved");
  return run;
}

it("a started run with no result for STUCK_AFTER_MINUTES alerts once across many cron runs", async () => {
  const run = await deploying();
  await outside.runStatus(run.id, "in_progress");
  await cronRun();
  expect((await get("/health?pipeline=1")).status).toBe(200);
  await age(21 * MINUTE);
  for (let i = 0; i < 4; i += 1) await cronRun();
  await settled();
  const alerts = await alertsOf("stuck");
  expect(alerts.map((alert) => alert.sha)).toEqual([sha(1)]);
  expect(alerts[0]?.summary).toMatch(/Stuck: 0000000 has been deploying in production for 21 minutes/);
  expect(alerts[0]?.summary).toMatch(/abandon 0000000/);
  const record = await productionOf(sha(1));
  expect(record.stuck_since).toEqual(expect.any(String));
  expect(record.stuck_repeats).toBe(3);
  expect((await overview()).stuck).toEqual([
    expect.objectContaining({ sha: sha(1), environment: "production", status: "deploying" }),
  ]);
  // /health stays 200 (a fix to internalbf can still be deployed); ?pipeline=1 pages.
  const health = (await (await get("/health")).json()) as { stuck: number; oldest_stuck_s: number };
  expect(health.stuck).toBe(1);
  expect(health.oldest_stuck_s).toBeGreaterThanOrEqual(21 * 60);
  expect(JSON.stringify(health)).not.toContain(sha(1));
  expect((await get("/health")).status).toBe(200);
  expect((await get("/health?pipeline=1")).status).toBe(503);
  // It moves again: the mark clears.
  await decisionOf(resultOf(run, "success"));
  expect((await productionOf(sha(1))).stuck_since).toBeUndefined();
  expect((await get("/health?pipeline=1")).status).toBe(200);
});

it("a run waiting for production's reviewers is not stuck, and the wait is on its record", async () => {
  const run = await deploying();
  await outside.runStatus(run.id, "waiting");
  await cronRun();
  expect(await productionOf(sha(1))).toMatchObject({ status: "deploying", review: "waiting for review" });
  await age(45 * MINUTE);
  await cronRun();
  await cronRun();
  expect(await alertsOf("stuck")).toEqual([]);
  expect((await get("/health?pipeline=1")).status).toBe(200);
});

it("a staging run that started and never reported is stuck", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", commit_sha: sha(2), status: undefined }));
  await age(25 * MINUTE);
  await cronRun();
  await cronRun();
  const alerts = await alertsOf("stuck");
  expect(alerts.map((alert) => alert.sha)).toEqual([sha(2)]);
  expect(alerts[0]?.summary).toMatch(/started in staging/);
});
