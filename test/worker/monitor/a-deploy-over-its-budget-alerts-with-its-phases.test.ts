// The 15-minute budget: phases on the record once live; over DEPLOY_BUDGET_MINUTES (less the wait for
// production's reviewers) an audit event and an info alert with the breakdown.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, resultOf, runFor, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";
import { age, alertsOf, MINUTE, productionOf } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1)]);
});

const started = notification({ event: "staging_deployment_started", commit_sha: sha(1), status: undefined });

it("a deploy over its budget alerts once, with its phases, and keeps them on the record", async () => {
  await decisionOf(started);
  await age(12 * MINUTE); // staging + E2E took 12 minutes
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const run = await runFor(1);
  await decisionOf(startOf(run));
  await age(5 * MINUTE); // the production run took 5
  await decisionOf(resultOf(run, "success"));
  const phases = (await productionOf(sha(1))).phases as Record<string, number>;
  expect(phases.staging_s).toBeGreaterThanOrEqual(12 * 60);
  expect(phases.production_s).toBeGreaterThanOrEqual(5 * 60);
  expect(phases.review_s).toBe(0);
  expect(phases.budget_s).toBe(phases.total_s);
  expect(phases.total_s).toBeGreaterThanOrEqual(17 * 60);
  const alerts = await alertsOf("over_budget");
  expect(alerts).toHaveLength(1);
  expect(alerts[0]?.summary).toMatch(
    /over the 15-minute budget: 17m \d+s \(staging 12m \d+s, waiting 0m \d+s, production 5m \d+s/,
  );
  expect(await query("SELECT kind FROM events WHERE kind = 'over_budget'")).toHaveLength(1);
});

it("the wait for reviewers is not held against the budget", async () => {
  await decisionOf(started);
  await age(5 * MINUTE);
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const run = await runFor(1);
  await decisionOf(startOf(run));
  await outside.runStatus(run.id, "waiting");
  await cronRun();
  await age(30 * MINUTE); // 30 minutes waiting for a reviewer
  await outside.runStatus(run.id, "in_progress");
  await cronRun();
  await decisionOf(resultOf(run, "success"));
  const phases = (await productionOf(sha(1))).phases as Record<string, number>;
  expect(phases.review_s).toBeGreaterThanOrEqual(30 * 60);
  expect(phases.total_s).toBeGreaterThanOrEqual(35 * 60);
  expect(phases.budget_s).toBeLessThan(15 * 60);
  expect(await alertsOf("over_budget")).toEqual([]);
});
