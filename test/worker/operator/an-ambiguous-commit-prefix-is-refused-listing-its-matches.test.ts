import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { get, notification } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const A = `3f2a1b0a${"a".repeat(32)}`;
const B = `3f2a1b0b${"b".repeat(32)}`;

it.each(["/deployments/3f2a1b0", "/events?sha=3f2a1b0"])(
  "%s answers 409 ambiguous_commit, naming both commits in its message and its matches",
  async (path) => {
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: B }));
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: A }));
    await expectNoChange(async () => {
      const response = await get(path, ADMIN_TOKEN);
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as { error: { code: string; message: string; matches: string[] } };
      expect(error.code).toBe("ambiguous_commit");
      expect(error.matches).toEqual([A, B]);
      expect(error.message).toContain(A);
      expect(error.message).toContain(B);
    });
  },
);

it("a longer prefix that tells them apart names one", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: A }));
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: B }));
  const response = await get(`/deployments/${B.slice(0, 8)}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ sha: B });
});
