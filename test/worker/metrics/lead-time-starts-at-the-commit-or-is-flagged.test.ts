// Lead time starts at the commit's own time, which the first notification that carries
// commit_timestamp sets once; a commit without one starts at its first notification, and /metrics
// says how many figures rest on that.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, productionSucceeds } from "../support/flow";
import { get, notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
});

const HOUR = 60 * 60 * 1000;

it("keeps the first commit_timestamp, and flags the commit that had none", async () => {
  const committed = new Date(Date.now() - HOUR);
  const first = committed.toISOString().replace(".000Z", "Z");
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_timestamp: first }));
  // A later notification with another time changes nothing: the commit's time is set once.
  const later = new Date(Date.now() - 60_000).toISOString();
  await decisionOf(notification({ commit_sha: sha(1), commit_timestamp: later }));
  await settled();
  await productionSucceeds(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  await productionSucceeds(2);

  const rows = await query<{ environment: string; committed_at: number | null }>(
    "SELECT environment, committed_at FROM deployments WHERE sha = ? ORDER BY environment",
    sha(1),
  );
  expect(rows).toEqual([
    { environment: "production", committed_at: committed.getTime() },
    { environment: "staging", committed_at: committed.getTime() },
  ]);
  const body = (await (await get("/metrics?days=1", ADMIN_TOKEN)).json()) as {
    change_lead_time: { p50_s: number; p90_s: number; count: number; from_first_notification: number };
  };
  expect(body.change_lead_time.count).toBe(2);
  expect(body.change_lead_time.from_first_notification).toBe(1);
  // sha(1): an hour and the seconds the test took; sha(2): from its first notification, seconds.
  expect(body.change_lead_time.p90_s).toBeGreaterThanOrEqual(3600);
  expect(body.change_lead_time.p90_s).toBeLessThan(3600 + 60);
  expect(body.change_lead_time.p50_s).toBeLessThan(60);
});

it("refuses a commit_timestamp that is not an ISO-8601 time, naming the field", async () => {
  const response = await post(notification({ commit_timestamp: "yesterday" }));
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { fields: { field: string }[] } };
  expect(body.error.fields.map((field) => field.field)).toEqual(["commit_timestamp"]);
});
