import { expect, it } from "vitest";
import { renderCommit } from "../../../worker/dashboard/pages/commit";
import { commit, context, event, overview, record, view } from "./support";

const A = commit(1);
const PAYLOAD = `<img src=x onerror=alert(1)>`;

const theRecord = record(A, {
  staging: view({ sha: A, environment: "staging", status: "failure", error: PAYLOAD, run_url: "javascript:alert(1)" }),
  production: view({ sha: A, status: "dispatch_failed", subject: PAYLOAD }),
  events: [
    event({
      kind: "staging_failure",
      actor: PAYLOAD,
      detail: { details: PAYLOAD, run_id: 5, run_url: "javascript:x" },
    }),
    event({
      kind: "blocked",
      actor: "ana@example.com",
      via: "access",
      reason: `why ${PAYLOAD}`,
      environment: "production",
    }),
  ],
  effects: [
    {
      kind: "dispatch",
      state: "failed",
      attempts: 5,
      due_at: "2026-11-28T08:45:00.000Z",
      last_error: `GitHub said ${PAYLOAD}`,
    },
    { kind: "alert", state: "done", attempts: 1, due_at: "2026-11-28T08:45:00.000Z", last_error: null },
  ],
});

it("shows both environments, the audit trail with actor, via and reason, and the open effects, all as text", () => {
  const page = renderCommit(theRecord, overview(), context({ back: `/deployments/${A}` }), { command: null });
  expect(page).not.toContain("<img");
  expect(page).not.toContain('href="javascript');
  expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(page).toContain('id="env-staging"');
  expect(page).toContain('id="env-production"');
  expect(page).toContain('<span class="actor">ana@example.com</span> <span class="muted">via access</span>');
  expect(page).toContain('<q class="reason">why &lt;img');
  expect(page).toContain("Pending or failed effects");
  expect(page).toContain("5 attempts");
  // A done effect is not open.
  expect(page).not.toMatch(/<strong>alert<\/strong>/);
  expect(page).toContain("Phases are timed once the commit is live");
  expect(page).toContain(`action="/deployments/${A}/retry"`);
  expect(page).toContain(`<input type="hidden" name="back" value="/deployments/${A}">`);
});

it("renders the phases of a live commit", () => {
  const live = record(A, {
    production: view({
      sha: A,
      phases: { staging_s: 60, waiting_s: null, review_s: 0, production_s: 90, total_s: 150, budget_s: 150 },
    }),
  });
  const page = renderCommit(live, overview({ live: A }), context(), { command: null });
  expect(page).toContain("<dt>Production run</dt><dd>1 min 30 s</dd>");
  expect(page).toContain("<dt>Waiting for the slot</dt><dd>—</dd>");
  expect(page).toContain("live now");
});
