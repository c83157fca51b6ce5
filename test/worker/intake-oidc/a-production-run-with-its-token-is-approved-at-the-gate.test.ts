import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { REPOSITORY } from "../support/bindings";
import { resultOf, runFor, startOf } from "../support/flow";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { expectNoChange } from "../support/state";
import { issuer, MAIN_TIP, oidcEnv, refusalOf, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

/** Staging passes for commit `n` (signed, as today) and internalbf dispatches production: its run. */
async function dispatched(n: number) {
  expect((await post(notification({ commit_sha: sha(n) }))).status).toBe(202);
  await settled();
  return runFor(n);
}

it("approves the dispatched run's start, whose token's sha is main's tip and not the commit", async () => {
  const run = await dispatched(51);
  const start = startOf(run);
  const token = await tokenFor(start);
  expect(JSON.parse(atob(token.split(".")[1] ?? "")).sha).toBe(MAIN_TIP);
  const response = await send(start, oidcEnv("oidc"), { token });
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ decision: "approved" });

  const done = resultOf(run, "success");
  const result = await send(done, oidcEnv("oidc"), { token: await tokenFor(done) });
  expect(result.status).toBe(202);
});

it("refuses a hand-run of the production workflow from another branch before the gate, recording nothing", async () => {
  const run = await dispatched(52);
  const start = startOf(run);
  const token = await tokenFor(start, {
    claims: { workflow_ref: `${REPOSITORY}/.github/workflows/deploy-production.yml@refs/heads/try-this` },
  });
  await expectNoChange(async () => {
    expect(await refusalOf(await send(start, oidcEnv("oidc"), { token }))).toMatchObject({
      status: 403,
      code: "wrong_token_workflow",
    });
  });
});

it("takes production notifications from PRODUCTION_WORKFLOW on PRODUCTION_REF, the workflow and branch it dispatches", async () => {
  const run = await dispatched(53);
  const start = startOf(run);
  const settings = { PRODUCTION_WORKFLOW: "ship.yml", PRODUCTION_REF: "release" };
  const moved = `${REPOSITORY}/.github/workflows/ship.yml@refs/heads/release`;
  const onMain = await send(start, oidcEnv("oidc", settings), { token: await tokenFor(start) });
  expect(await refusalOf(onMain)).toMatchObject({ status: 403, code: "wrong_token_workflow" });
  const token = await tokenFor(start, { claims: { workflow_ref: moved } });
  expect((await send(start, oidcEnv("oidc", settings), { token })).status).toBe(202);
});
