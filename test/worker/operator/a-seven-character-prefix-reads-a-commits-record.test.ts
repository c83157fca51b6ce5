import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { get, notification } from "../support/notify";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const A = `3f2a1b0c${"a".repeat(32)}`;
const NEIGHBOUR = `3f2a1b1c${"b".repeat(32)}`;

it.each([
  ["its first 7 characters", A.slice(0, 7)],
  ["its first 7 characters in upper case", A.slice(0, 7).toUpperCase()],
  ["its full SHA", A],
  ["its full SHA in upper case", A.toUpperCase()],
])("GET /deployments/{sha} answers a commit's record for %s", async (_what, text) => {
  await decisionOf(notification({ commit_sha: A, status: "skipped" }));
  await decisionOf(notification({ commit_sha: NEIGHBOUR, status: "skipped" }));
  const response = await get(`/deployments/${text}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  const record = (await response.json()) as { sha: string; staging: { sha: string }; events: { kind: string }[] };
  expect(record.sha).toBe(A);
  expect(record.staging.sha).toBe(A);
  expect(record.events.map((event) => event.kind)).toEqual(["staging_skipped"]);
});
