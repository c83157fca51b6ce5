import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { freshIssuer, issuer, oidcEnv, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

it("reads the discovery document and the key set once for many notifications", async () => {
  const url = freshIssuer();
  for (let n = 0; n < 5; n++) {
    const success = notification({ commit_sha: sha(80 + n), run_id: 12_000 + n, run_attempt: 1 });
    // A fresh env object each time, as every request of a deployed worker has.
    const response = await send(success, oidcEnv("oidc", { OIDC_ISSUER: url }), {
      token: await tokenFor(success, { issuer: url }),
    });
    expect(response.status).toBe(202);
  }
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 1 });
});
