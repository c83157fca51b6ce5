// GET /events and commit prefixes must cost the same at any length of history: every query they
// make is a search of an index (or of the primary key), never a scan of a table.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { commitsStartingWith } from "../../../worker/pipeline/commits";
import { Events } from "../../../worker/pipeline/store/events";
import { decisionOf } from "../support/flow";
import { notification } from "../support/notify";
import { outside } from "../support/outside";
import { queryPlans } from "../support/plans";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const A = `3f2a1b0a${"a".repeat(32)}`;
const B = `3f2a1b0b${"b".repeat(32)}`;

it("every query of the audit trail's pages and of a commit prefix's lookup searches an index", async () => {
  for (const commit of [A, B]) await decisionOf(notification({ commit_sha: commit, status: "skipped" }));
  const plans = await queryPlans((recording) => {
    const events = new Events(recording);
    events.page(null, null, 51);
    events.page(null, 10, 51);
    events.page(A, null, 51);
    events.page(A, 10, 51);
    expect(commitsStartingWith(recording, A.slice(0, 7), 11)).toEqual([A, B]);
    commitsStartingWith(recording, A, 11);
  });
  expect(plans.length).toBeGreaterThanOrEqual(10);
  for (const { text, plan } of plans) {
    expect(plan, text).not.toEqual([]);
    for (const step of plan) {
      expect(step, text).toMatch(/^SEARCH \w+ USING (COVERING INDEX \w+|INDEX \w+|INTEGER PRIMARY KEY) \(/);
      expect(step, text).not.toMatch(/TEMP B-TREE/);
    }
  }
});
