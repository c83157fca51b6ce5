import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import { freshIssuer, issuer, oidcEnv, refusalOf, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const success = notification({ commit_sha: sha(71), run_id: 11_001, run_attempt: 1 });

it("takes a notification that carries a good signature and its run's token", async () => {
  expect((await send(success, oidcEnv("both"), { signed: true, token: await tokenFor(success) })).status).toBe(202);
});

it("refuses a signed notification without a token, recording nothing", async () => {
  await expectNoChange(async () => {
    expect(await refusalOf(await send(success, oidcEnv("both"), { signed: true }))).toMatchObject({
      status: 401,
      code: "missing_token",
    });
  });
});

it("refuses a notification with a token and no signature, recording nothing", async () => {
  const token = await tokenFor(success);
  await expectNoChange(async () => {
    expect(await refusalOf(await send(success, oidcEnv("both"), { token }))).toMatchObject({
      status: 401,
      code: "missing_signature_headers",
    });
  });
});

it("checks the signature first: a forged one costs no fetch of the issuer's keys", async () => {
  const url = freshIssuer();
  const token = await tokenFor(success, { issuer: url });
  const response = await send(success, oidcEnv("both", { OIDC_ISSUER: url }), {
    signed: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==",
    token,
  });
  expect(await refusalOf(response)).toMatchObject({ status: 401, code: "invalid_signature" });
  expect(await issuer.fetches()).toEqual({ discovery: 0, jwks: 0 });
});
