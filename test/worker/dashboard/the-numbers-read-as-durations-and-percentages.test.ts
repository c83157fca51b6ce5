import { expect, it } from "vitest";
import { numbersSection } from "../../../worker/dashboard/sections/numbers";

const FIGURES = {
  window: { days: 30, since: "2026-10-29T09:00:00.000Z", until: "2026-11-28T09:00:00.000Z" },
  deployment_frequency: { per_day: 1.5, count: 45, rollbacks: 1, emergencies: 0 },
  change_lead_time: { p50_s: 1260, p90_s: null, count: 45, from_first_notification: 2 },
  change_fail_rate: { rate: 0.0444, failed: 2, rolled_back: 0, count: 45 },
  criteria: {
    deploy_time: { p50_s: 540, budget_s: 900, over_budget: 1, count: 40 },
    audit_completeness: { share: 1, complete: 12, count: 12 },
  },
};

it("shows each figure with its values: seconds as durations, rates as percentages, the criteria as a group", () => {
  const section = numbersSection(FIGURES, 30).text;
  expect(section).toContain("<h3>change lead time</h3>");
  expect(section).toContain("<dt>p50</dt><dd>21 min</dd><dt>p90</dt><dd>—</dd>");
  expect(section).toContain("<dt>rate</dt><dd>4.4 %</dd>");
  expect(section).toContain("<dt>per day</dt><dd>1.50</dd>");
  expect(section).toContain('<h3 class="group">The seed&#39;s criteria</h3>');
  expect(section).toContain("<dt>share</dt><dd>100.0 %</dd>");
  expect(section).not.toContain("<h3>window</h3>");
  expect(section).toContain('<a href="/metrics?days=30">');
  expect(section).toContain('<a href="/?days=7#numbers">7 days</a><strong aria-current="page">30 days</strong>');
});

it("says so when the figures cannot be read", () => {
  expect(numbersSection(null, 30).text).toContain("The figures could not be read now");
});
