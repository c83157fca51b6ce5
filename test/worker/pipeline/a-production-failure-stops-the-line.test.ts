// After a production failure the next waiting commit is no longer dispatched in the same second:
// automatic promotion goes on hold (HOLD_ON_PRODUCTION_FAILURE, on by default) and the alert names
// what a person can do next.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { accepted } from "../commands/support";
import { decisionOf, goLive, resultOf, runFor, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

it("a production failure puts automatic promotion on hold until an operator releases it", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  await decisionOf(notification({ commit_sha: sha(3) }));
  const run = await runFor(2);
  expect(await decisionOf(startOf(run))).toBe("approved");
  expect(await decisionOf(resultOf(run, "failure"))).toBe("alerted");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(2)]);
  const alerts = (await outside.requests("alert")).map((alert) => alert.body).join();
  expect(alerts).toMatch(/on hold/);
  const holds = await query<{ kind: string; actor: string }>("SELECT kind, actor FROM events WHERE sha IS NULL");
  expect(holds).toEqual([{ kind: "hold_set", actor: "internalbf" }]);

  expect(await accepted("DELETE", "/hold")).toBe("released");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(2), sha(3)]);
});
