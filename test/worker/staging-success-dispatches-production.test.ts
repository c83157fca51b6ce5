import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, post, sha } from "./support/notify";
import { outside } from "./support/outside";
import { settled } from "./support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("dispatches the production workflow once for a signed staging success", async () => {
  const response = await post(notification({ commit_sha: sha(1) }));
  expect(response.status).toBe(202);
  const answer = (await response.json()) as { decision: string; deployment: { status: string } };
  expect(answer.decision).toBe("production_dispatch_queued");
  await settled();
  const dispatches = await outside.requests("dispatch");
  expect(dispatches).toHaveLength(1);
  expect(JSON.parse(dispatches[0]?.body ?? "{}")).toEqual({
    ref: "main",
    inputs: { commit_sha: sha(1), triggered_by: "internalbf-staging-success" },
    return_run_details: true,
  });
  expect(dispatches[0]?.path).toBe("/repos/bolt-foundry/monorepo/actions/workflows/deploy-production.yml/dispatches");
});
