import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import type { Notification } from "../../../worker/protocol";
import { REPOSITORY } from "../support/bindings";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import {
  issuer,
  oidcEnv,
  PRODUCTION_WORKFLOW_REF,
  refusalOf,
  STAGING_WORKFLOW_REF,
  send,
  tokenFor,
} from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const started = notification({
  event: "staging_deployment_started",
  status: undefined,
  commit_sha: sha(41),
  run_id: 9001,
  run_attempt: 1,
});
const success = notification({ commit_sha: sha(41), run_id: 9001, run_attempt: 1 });
const productionStart = notification({
  event: "production_deployment_started",
  status: undefined,
  commit_sha: sha(41),
  run_id: 9002,
  run_attempt: 1,
});

/** A valid token whose claims differ from the notification's run in one way each, and the code it gets. */
const OTHER_RUNS: [string, Notification, Record<string, unknown>, string][] = [
  ["another repository", success, { repository: "someone/else" }, "wrong_token_repository"],
  [
    "a repository of the same name with another id (deleted and re-created)",
    success,
    { repository_id: "1" },
    "wrong_token_repository",
  ],
  [
    "no repository_id where GITHUB_REPOSITORY_ID is set",
    success,
    { repository_id: undefined },
    "wrong_token_repository",
  ],
  [
    "another workflow of the repository",
    success,
    { workflow_ref: `${REPOSITORY}/.github/workflows/ci.yml@refs/heads/main` },
    "wrong_token_workflow",
  ],
  [
    "the staging workflow on another branch",
    success,
    { workflow_ref: `${REPOSITORY}/.github/workflows/deploy-staging.yml@refs/heads/feature` },
    "wrong_token_workflow",
  ],
  [
    "the staging workflow of a pull request",
    success,
    { workflow_ref: `${REPOSITORY}/.github/workflows/deploy-staging.yml@refs/pull/7/merge` },
    "wrong_token_workflow",
  ],
  [
    "the production workflow, for a staging result",
    success,
    { workflow_ref: PRODUCTION_WORKFLOW_REF },
    "wrong_token_workflow",
  ],
  [
    "the staging workflow, for a production start",
    productionStart,
    { workflow_ref: STAGING_WORKFLOW_REF },
    "wrong_token_workflow",
  ],
  [
    "another repository's workflow of the same name",
    success,
    { workflow_ref: "someone/else/.github/workflows/deploy-staging.yml@refs/heads/main" },
    "wrong_token_workflow",
  ],
  ["another run", success, { run_id: "9999" }, "wrong_token_run"],
  ["another attempt of the same run", success, { run_attempt: "2" }, "wrong_token_run"],
  ["the run id as a number, not GitHub's string", success, { run_id: 9001 }, "wrong_token_run"],
  ["another run, for a production start", productionStart, { run_id: "9001" }, "wrong_token_run"],
  ["another commit, for a staging result", success, { sha: sha(42) }, "wrong_token_commit"],
  ["another commit, for a staging start", started, { sha: sha(42) }, "wrong_token_commit"],
];

it.each(OTHER_RUNS)("refuses a token of %s with 403, recording nothing", async (_name, n, claims, code) => {
  const token = await tokenFor(n, { claims });
  await expectNoChange(async () => {
    const refusal = await refusalOf(await send(n, oidcEnv("oidc"), { token }));
    expect(refusal).toMatchObject({ status: 403, code });
  });
});

it("refuses a notification that names no run, whatever the token says", async () => {
  const runless = notification({ commit_sha: sha(41), run_id: undefined, run_attempt: undefined });
  const token = await tokenFor(runless, { claims: { run_id: "undefined", run_attempt: "undefined" } });
  await expectNoChange(async () => {
    expect(await refusalOf(await send(runless, oidcEnv("oidc"), { token }))).toMatchObject({
      status: 403,
      code: "wrong_token_run",
    });
  });
});

it("says which workflow_ref it takes, and which the token carried", async () => {
  const token = await tokenFor(success, { claims: { workflow_ref: PRODUCTION_WORKFLOW_REF } });
  const { message } = await refusalOf(await send(success, oidcEnv("oidc"), { token }));
  expect(message).toContain(STAGING_WORKFLOW_REF);
  expect(message).toContain(PRODUCTION_WORKFLOW_REF);
});

it("answers the payload's own repository check first: 403 wrong_repository", async () => {
  const elsewhere = notification({ commit_sha: sha(41), run_id: 9001, run_attempt: 1, repository: "someone/else" });
  // A token of that repository's own run: either check would refuse it, and the payload's answers.
  const token = await tokenFor(elsewhere, { claims: { repository: "someone/else" } });
  const response = await send(elsewhere, oidcEnv("oidc"), { token });
  expect(await refusalOf(response)).toMatchObject({ status: 403, code: "wrong_repository" });
});

it("never looks at sub: a token whose sub names another repository but whose claims are the run's is taken", async () => {
  const token = await tokenFor(success, { claims: { sub: "repo:someone/else:ref:refs/heads/main" } });
  expect((await send(success, oidcEnv("oidc"), { token })).status).toBe(202);
});

it("does not ask for repository_id where GITHUB_REPOSITORY_ID is not set", async () => {
  const token = await tokenFor(success, { claims: { repository_id: "1" } });
  expect((await send(success, oidcEnv("oidc", { GITHUB_REPOSITORY_ID: undefined }), { token })).status).toBe(202);
});
