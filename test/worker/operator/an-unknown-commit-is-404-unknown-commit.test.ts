import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it.each([
  ["a full SHA", `/deployments/${sha(9)}`],
  ["a prefix", "/deployments/3f2a1b0"],
  ["a prefix, on /events", "/events?sha=3f2a1b0"],
  ["a full SHA, on /events", `/events?sha=${sha(9)}`],
])("%s that names no commit internalbf knows answers 404 unknown_commit", async (_what, path) => {
  await decisionOf(notification({ commit_sha: sha(1), status: "skipped" }));
  const response = await get(path, ADMIN_TOKEN);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: { code: "unknown_commit", message: expect.any(String) } });
});

it.each(["HEAD", "3f2a1b", "3f2a1b0z"])("/deployments/%s answers 400 invalid_payload", async (text) => {
  const response = await get(`/deployments/${text}`, ADMIN_TOKEN);
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_payload", fields: [{ field: "sha" }] } });
});
