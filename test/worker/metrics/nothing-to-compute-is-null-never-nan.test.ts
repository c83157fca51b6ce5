// With nothing in the window every figure that needs something to compute from is null (JSON has
// no NaN), and every count is 0.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { computeFigures, percentile } from "../../../worker/metrics/compute";
import { ADMIN_TOKEN } from "../support/bindings";
import { get } from "../support/notify";

beforeEach(async () => {
  await reset();
});

it("answers an empty pipeline with nulls and zero counts", async () => {
  const response = await get("/metrics?days=30", ADMIN_TOKEN);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).not.toMatch(/NaN|Infinity/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.deployment_frequency).toEqual({ per_day: 0, count: 0, rollbacks: 0, emergencies: 0 });
  expect(body.change_lead_time).toEqual({ p50_s: null, p90_s: null, count: 0, from_first_notification: 0 });
  expect(body.change_fail_rate).toEqual({ rate: null, failed: 0, rolled_back: 0, count: 0 });
  expect(body.failed_deployment_recovery_time).toEqual({ p50_s: null, count: 0, unrecovered: 0 });
  expect(body.deployment_rework_rate).toEqual({ rate: null, emergencies: 0, count: 0 });
  expect(body.criteria).toEqual({
    escapes: { escaped: 0, failed: 0, rolled_back: 0, count: 0 },
    e2e_catch_rate: { rate: null, staging_failures: 0, escapes: 0, count: 0 },
    deploy_time: { p50_s: null, p90_s: null, budget_s: 900, over_budget: 0, count: 0 },
    rollback_time: { p50_s: null, p90_s: null, count: 0, pending: 0 },
    audit_completeness: { share: null, complete: 0, count: 0 },
  });
});

it("takes percentiles by nearest rank: always a measured value", () => {
  expect(percentile([], 50)).toBeNull();
  expect(percentile([7], 90)).toBe(7);
  expect(percentile([4, 1, 3, 2], 50)).toBe(2);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
});

it("computes from no facts without a runtime", () => {
  const figures = computeFigures({ outcomes: [], events: [] }, { days: 7, since: 0, until: 7, budgetMs: 60_000 });
  expect(figures.criteria.deploy_time.budget_s).toBe(60);
  expect(JSON.stringify(figures)).not.toMatch(/NaN/);
});
