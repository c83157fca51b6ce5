import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, post, sha } from "./support/notify";
import { outside } from "./support/outside";
import { query, settled } from "./support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

/** The dispatch id internalbf gave commit `n`'s production dispatch decision. */
async function dispatchIdOf(n: number): Promise<string | undefined> {
  const [row] = await query<{ dispatch_id: string }>(
    "SELECT dispatch_id FROM deployments WHERE sha = ? AND environment = 'production'",
    sha(n),
  );
  expect(row?.dispatch_id).toMatch(/^ibf-[0-9a-f]{16}$/);
  return row?.dispatch_id;
}

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
    inputs: {
      commit_sha: sha(1),
      triggered_by: "internalbf-staging-success",
      dispatch_id: await dispatchIdOf(1),
    },
    return_run_details: true,
  });
  expect(dispatches[0]?.path).toBe("/repos/bolt-foundry/monorepo/actions/workflows/deploy-production.yml/dispatches");
});
