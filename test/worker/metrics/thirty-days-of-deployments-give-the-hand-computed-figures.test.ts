// GET /metrics over a known history: every figure against its value worked out by hand (in the
// comments), and the window leaves out what is older. The history is in ./scenario.ts.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { get } from "../support/notify";
import { scenario } from "./scenario";

beforeEach(async () => {
  await reset();
});

async function metricsOf(days: number) {
  const response = await get(`/metrics?days=${days}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

it("computes each figure of the last 30 days by its definition", async () => {
  await scenario(Date.now()).write();
  const body = await metricsOf(30);
  expect(body.window).toMatchObject({ days: 30 });

  // Lives: A, B, C, B again (the rollback), E, F, G, H, K, N = 10 in 30 days; Z and W are older.
  // Rollbacks: B's second live. Emergencies: F (the command), G (the internalbf-down run).
  expect(body.deployment_frequency).toEqual({ per_day: 0.333, count: 10, rollbacks: 1, emergencies: 2 });

  // First lives only (B's rollback is not a change): A 2 h, B 1 h, C 3 h, E 1 h (from staging's start:
  // no commit_timestamp), F 30 min, G 15 min (from its start), H 4 h, K 1.5 h, N 45 min.
  // Sorted (s): 900 1800 2700 3600 3600 5400 7200 10800 14400: p50 is the 5th, p90 the 9th.
  expect(body.change_lead_time).toEqual({ p50_s: 3600, p90_s: 14400, count: 9, from_first_notification: 2 });

  // Deployments: the 10 lives and the failures D, I (unreported after the gate), L (cancelled),
  // M (emergency run) = 14; J's run ended before the gate and deployed nothing. Failed 4, rolled
  // back from 2 (C, H): 6 / 14.
  expect(body.change_fail_rate).toEqual({ rate: 0.429, failed: 4, rolled_back: 2, count: 14 });

  // To the next good live: C → B again 1 h 5 min (3900), D → E 2 h (7200), H → K 3 days (259200),
  // I → K 1 day (86400), L → N 18 h (64800), M → N 5 h (18000). Sorted: the 3rd of 6 is 18000.
  expect(body.failed_deployment_recovery_time).toEqual({ p50_s: 18000, count: 6, unrecovered: 0 });

  // Emergencies F, G, M over 14.
  expect(body.deployment_rework_rate).toEqual({ rate: 0.214, emergencies: 3, count: 14 });

  const criteria = body.criteria as Record<string, unknown>;
  // Of the 11 deployments of commits that passed staging (all but F, G, M): failed D, I, L;
  // rolled back from C, H.
  expect(criteria.escapes).toEqual({ escaped: 5, failed: 3, rolled_back: 2, count: 11 });
  // Staging failed for P and Q (twice: one commit), R was cancelled, X is older: 2 / (2 + 5).
  expect(criteria.e2e_catch_rate).toEqual({ rate: 0.286, staging_failures: 2, escapes: 5, count: 7 });
  // budget_s of each commit whose latest live was an automatic promotion: A 600, C 1200, E 700,
  // H 800, K 500, N 400 (B's latest live is its rollback; F and G are emergencies). Sorted:
  // 400 500 600 700 800 1200: p50 the 3rd, p90 the 6th; over DEPLOY_BUDGET_MINUTES (15): C.
  expect(criteria.deploy_time).toEqual({ p50_s: 600, p90_s: 1200, budget_s: 900, over_budget: 1, count: 6 });
  // The rollback to B was live 5 min after the command; the one to E was given up.
  expect(criteria.rollback_time).toEqual({ p50_s: 300, p90_s: 300, count: 1, pending: 1 });
  // Operators' decisions: the two rollbacks, the abandon, F's emergency, G's and M's emergency runs,
  // the release, frank's hold = 8 (internalbf's own hold and unfreeze are not); M gave no reason and
  // frank's hold has none: 6 / 8.
  expect(criteria.audit_completeness).toEqual({ share: 0.75, complete: 6, count: 8 });
});

it("over 7 days counts only the last 7 days", async () => {
  await scenario(Date.now()).write();
  const body = await metricsOf(7);
  const criteria = body.criteria as Record<string, unknown>;
  // Lives H, K, N; failures I, L, M; H rolled back from.
  expect(body.deployment_frequency).toEqual({ per_day: 0.429, count: 3, rollbacks: 0, emergencies: 0 });
  expect(body.change_lead_time).toEqual({ p50_s: 5400, p90_s: 14400, count: 3, from_first_notification: 0 });
  expect(body.change_fail_rate).toEqual({ rate: 0.667, failed: 3, rolled_back: 1, count: 6 });
  // H → K 259200, I → K 86400, L → N 64800, M → N 18000: the 2nd of 4.
  expect(body.failed_deployment_recovery_time).toEqual({ p50_s: 64800, count: 4, unrecovered: 0 });
  expect(body.deployment_rework_rate).toEqual({ rate: 0.167, emergencies: 1, count: 6 });
  expect(criteria.escapes).toEqual({ escaped: 3, failed: 2, rolled_back: 1, count: 5 });
  // Q's failures are 8 and 9 days old.
  expect(criteria.e2e_catch_rate).toEqual({ rate: 0, staging_failures: 0, escapes: 3, count: 3 });
  expect(criteria.deploy_time).toEqual({ p50_s: 500, p90_s: 800, budget_s: 900, over_budget: 0, count: 3 });
  expect(criteria.rollback_time).toEqual({ p50_s: null, p90_s: null, count: 0, pending: 1 });
  // The rollback to E, the abandon, the release, frank's hold, M's run: 3 of 5 complete.
  expect(criteria.audit_completeness).toEqual({ share: 0.6, complete: 3, count: 5 });
});

it("answers 30 days when days is not given", async () => {
  const body = await metricsOf(30);
  const defaulted = (await (await get("/metrics", ADMIN_TOKEN)).json()) as typeof body;
  expect(defaulted.window).toMatchObject({ days: 30 });
});
