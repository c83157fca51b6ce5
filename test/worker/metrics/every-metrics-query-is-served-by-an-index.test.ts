// /metrics must cost the same at any length of history: each query it makes searches an index
// bounded by the window (events_by_kind_at) or by one commit (events_by_sha, the deployments key),
// never a scan of a table, and sorts nothing in a temporary B-tree. So does recording a commit's time.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { Deployments } from "../../../worker/pipeline/store/deployments";
import { metricFacts } from "../../../worker/pipeline/store/metrics";
import { queryPlans } from "../support/plans";
import { scenario } from "./scenario";

beforeEach(async () => {
  await reset();
});

it("every query of /metrics and of a commit's time searches an index", async () => {
  const now = Date.now();
  await scenario(now).write();
  const plans = await queryPlans((recording) => {
    const facts = metricFacts(recording, now - 30 * 86_400_000, now);
    expect(facts.outcomes.length).toBeGreaterThan(10);
    new Deployments(recording).noteCommitted("a".repeat(40), "2026-11-28T08:00:00Z");
  });
  expect(plans).toHaveLength(3);
  for (const { text, plan } of plans) {
    expect(
      plan.filter((step) => step.startsWith("SEARCH")),
      text,
    ).not.toEqual([]);
    for (const step of plan) {
      expect(step, text).toMatch(
        /^(SEARCH \w+ USING (COVERING INDEX \w+|INDEX \w+|INTEGER PRIMARY KEY) \(|(CORRELATED )?SCALAR SUBQUERY \d+$)/,
      );
      expect(step, text).not.toMatch(/TEMP B-TREE/);
    }
  }
  const outcomes = plans[0]?.plan ?? [];
  expect(outcomes[0]).toMatch(/^SEARCH e USING INDEX events_by_kind_at \(kind=\? AND at>\? AND at<\?\)$/);
  expect(outcomes.filter((step) => step.includes("events_by_sha (sha=? AND id<?)"))).toHaveLength(3);
  expect(plans[1]?.plan).toEqual(["SEARCH events USING INDEX events_by_kind_at (kind=? AND at>? AND at<?)"]);
});
