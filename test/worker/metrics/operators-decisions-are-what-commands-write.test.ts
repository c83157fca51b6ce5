// Audit completeness counts every operator's decision: each command the API takes writes an event
// /metrics knows as one (a command added without its kind in COMMAND_KINDS would go uncounted).
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { accepted } from "../commands/support";
import { ADMIN_TOKEN } from "../support/bindings";
import { goLive } from "../support/flow";
import { get, notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

it("counts each command an operator sent, complete with its actor and reason", async () => {
  await goLive(1);
  await goLive(2);
  expect(await post(notification({ commit_sha: sha(3) }))).toHaveProperty("status", 202);
  await settled();
  await accepted("POST", `/deployments/${sha(3)}/abandon`);
  await accepted("POST", "/freeze");
  await accepted("DELETE", "/freeze");
  await accepted("POST", `/deployments/${sha(3)}/block`);
  await accepted("DELETE", `/deployments/${sha(3)}/block`);
  await accepted("POST", "/rollback");
  await settled();
  const operators = await query<{ n: number }>("SELECT count(*) AS n FROM events WHERE via IS NOT NULL");
  expect(operators[0]?.n).toBeGreaterThanOrEqual(6);
  const body = (await (await get("/metrics?days=1", ADMIN_TOKEN)).json()) as {
    criteria: { audit_completeness: { share: number; complete: number; count: number } };
  };
  expect(body.criteria.audit_completeness).toEqual({ share: 1, complete: operators[0]?.n, count: operators[0]?.n });
});
