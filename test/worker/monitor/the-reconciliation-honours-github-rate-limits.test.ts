// The reconciliation asks GitHub no sooner than GitHub said (Retry-After, x-ratelimit-reset), like the
// outbox does, also from the cron.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, runFor } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1)]);
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
});

const runRequests = async () => (await outside.requests("run")).length;

it.each([
  ["429 with Retry-After", () => ({ status: 429, headers: { "retry-after": "2" } })],
  [
    "403 with x-ratelimit-reset",
    () => ({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 2) },
    }),
  ],
])("after a %s, the cron does not ask again until then", async (_, answer) => {
  await outside.script("run", [{ ...answer(), body: { message: "API rate limit exceeded" } }]);
  await cronRun();
  expect(await runRequests()).toBe(1);
  await cronRun();
  await cronRun();
  expect(await runRequests()).toBe(1);
  // The limit is over: the next cron asks again.
  await new Promise((resolve) => setTimeout(resolve, 3_100));
  const run = await runFor(1);
  await outside.runStatus(run.id, "completed", "cancelled");
  await cronRun();
  expect(await runRequests()).toBe(2);
});
