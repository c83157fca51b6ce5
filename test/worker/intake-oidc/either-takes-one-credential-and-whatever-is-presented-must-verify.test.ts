import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import { issuer, oidcEnv, refusalOf, type SendOptions, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const WRONG_SECRET = "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==";
let next = 0;
/** A staging success of its own run, so no answer is a repeat of another test's. */
const fresh = () => {
  next += 1;
  return notification({ commit_sha: sha(600 + next), run_id: 10_000 + next, run_attempt: 1 });
};

it("takes a signed notification without a token (the action not moved yet)", async () => {
  expect((await send(fresh(), oidcEnv("either"), { signed: true })).status).toBe(202);
});

it("takes a notification with its run's token and no signature (the action moved)", async () => {
  const n = fresh();
  expect((await send(n, oidcEnv("either"), { token: await tokenFor(n) })).status).toBe(202);
});

it("takes a notification with both, when both verify", async () => {
  const n = fresh();
  expect((await send(n, oidcEnv("either"), { signed: true, token: await tokenFor(n) })).status).toBe(202);
});

it.each<[string, () => Promise<[ReturnType<typeof fresh>, SendOptions]>, number, string]>([
  ["neither credential", async () => [fresh(), {}], 401, "missing_credentials"],
  [
    "a good signature and an expired token",
    async () => {
      const n = fresh();
      const past = Math.floor(Date.now() / 1000) - 600;
      return [n, { signed: true, token: await tokenFor(n, { claims: { iat: past, nbf: past, exp: past + 300 } }) }];
    },
    401,
    "token_expired",
  ],
  [
    "a good signature and another run's token",
    async () => {
      const n = fresh();
      return [n, { signed: true, token: await tokenFor(n, { claims: { run_id: "1" } }) }];
    },
    403,
    "wrong_token_run",
  ],
  [
    "a good signature and an Authorization header that is no token",
    async () => [fresh(), { signed: true, authorization: "Bearer nonsense" }],
    401,
    "invalid_token",
  ],
  [
    "a good token and a wrong signature",
    async () => {
      const n = fresh();
      return [n, { signed: WRONG_SECRET, token: await tokenFor(n) }];
    },
    401,
    "invalid_signature",
  ],
  [
    "a good token and half a signature (a timestamp, no webhook-signature)",
    async () => {
      const n = fresh();
      return [n, { token: await tokenFor(n), headers: { "webhook-timestamp": String(Math.floor(Date.now() / 1000)) } }];
    },
    401,
    "missing_signature_headers",
  ],
])("refuses a notification with %s, recording nothing", async (_name, build, status, code) => {
  const [n, options] = await build();
  await expectNoChange(async () => {
    expect(await refusalOf(await send(n, oidcEnv("either"), options))).toMatchObject({ status, code });
  });
});
