import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { issuerKeys } from "../../../worker/intake/oidc/keys";
import { checkToken } from "../../../worker/intake/oidc/token";
import type { OidcConfig } from "../../../worker/intake/settings";
import { REPOSITORY } from "../support/bindings";
import { notification } from "../support/notify";
import { AUDIENCE, freshIssuer, issuer, NEXT_OIDC_KEY, OIDC_KEY, tokenFor } from "./support/oidc";

beforeEach(() => issuer.reset());
afterEach(() => vi.useRealTimers());

const success = notification({ run_id: 13_001, run_attempt: 1 });

/** A key getter of its own, as an isolate starts with, and the settings of a fresh issuer. */
function verifier() {
  const url = freshIssuer();
  const oidc: OidcConfig = {
    issuer: url,
    audience: AUDIENCE,
    repositoryId: null,
    workflowRefs: { staging: `${REPOSITORY}/x`, production: `${REPOSITORY}/y` },
  };
  const keys = issuerKeys(url);
  return {
    verify: (token: string) => checkToken(`Bearer ${token}`, oidc, keys),
    token: (options: Parameters<typeof tokenFor>[1] = {}) => tokenFor(success, { issuer: url, ...options }),
  };
}

it("fetches the keys once for the first token, then once more per 30 s however many unknown kids arrive", async () => {
  const start = Date.now();
  const { verify, token } = verifier();
  expect(await verify(await token())).toHaveProperty("claims");
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 1 });

  for (let n = 0; n < 5; n++) {
    expect(await verify(await token({ key: NEXT_OIDC_KEY, kid: "never-published" }))).toMatchObject({
      status: 401,
      code: "invalid_token",
    });
  }
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 1 });

  vi.setSystemTime(start + 31_000);
  expect(await verify(await token({ key: NEXT_OIDC_KEY, kid: "never-published" }))).toMatchObject({ status: 401 });
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 2 });
});

it("picks up a rotated key with the first token signed by it, once the cooldown has passed", async () => {
  const start = Date.now();
  const { verify, token } = verifier();
  await verify(await token());
  await issuer.publish([OIDC_KEY, NEXT_OIDC_KEY]);
  vi.setSystemTime(start + 31_000);
  expect(await verify(await token({ key: NEXT_OIDC_KEY }))).toHaveProperty("claims");
  expect(await verify(await token())).toHaveProperty("claims");
  // The discovery document is not read again: only the key set.
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 2 });
});
