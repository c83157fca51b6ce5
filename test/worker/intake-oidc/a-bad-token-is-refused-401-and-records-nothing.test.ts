import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import type { Notification } from "../../../worker/protocol";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import {
  hmacWithPublicKeyFor,
  issuer,
  NEXT_OIDC_KEY,
  OIDC_KEY,
  oidcEnv,
  refusalOf,
  type SendOptions,
  send,
  tamperedTokenFor,
  tokenFor,
  unsignedTokenFor,
} from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const success = notification({ commit_sha: sha(31), run_id: 8001, run_attempt: 1 });
const now = () => Math.floor(Date.now() / 1000);
const bearer = async (token: Promise<string> | string): Promise<SendOptions> => ({ token: await token });

/** Every kind of credential GitHub did not issue to this run for internalbf, its build, and the code it gets. */
const BAD_TOKENS: [string, (n: Notification) => Promise<SendOptions>, string][] = [
  ["absent", async () => ({}), "missing_token"],
  [
    "the run's own token under another scheme (Basic, not Bearer)",
    async (n) => ({ authorization: `Basic ${await tokenFor(n)}` }),
    "invalid_token",
  ],
  ["not a JWT at all", () => bearer("not-a-jwt"), "invalid_token"],
  [
    "expired (past the leeway)",
    (n) => bearer(tokenFor(n, { claims: { iat: now() - 600, nbf: now() - 600, exp: now() - 120 } })),
    "token_expired",
  ],
  [
    "older than ten minutes, whatever its exp says",
    (n) => bearer(tokenFor(n, { claims: { iat: now() - 700, nbf: now() - 700, exp: now() + 300 } })),
    "token_expired",
  ],
  [
    "not yet valid (nbf past the leeway)",
    (n) => bearer(tokenFor(n, { claims: { nbf: now() + 120 } })),
    "token_not_yet_valid",
  ],
  [
    "issued in the future (iat past the leeway)",
    (n) => bearer(tokenFor(n, { claims: { iat: now() + 120 } })),
    "token_not_yet_valid",
  ],
  ["without an exp", (n) => bearer(tokenFor(n, { claims: { exp: undefined } })), "invalid_token"],
  ["without an iat", (n) => bearer(tokenFor(n, { claims: { iat: undefined } })), "invalid_token"],
  [
    "for another audience",
    (n) => bearer(tokenFor(n, { claims: { aud: "https://other.invalid" } })),
    "wrong_token_audience",
  ],
  [
    "for GitHub's default audience",
    (n) => bearer(tokenFor(n, { claims: { aud: "https://github.com/bolt-foundry" } })),
    "wrong_token_audience",
  ],
  ["without an audience", (n) => bearer(tokenFor(n, { claims: { aud: undefined } })), "wrong_token_audience"],
  [
    "from another issuer (signed with the same key)",
    (n) => bearer(tokenFor(n, { issuer: "https://token.actions.githubusercontent.invalid" })),
    "wrong_token_issuer",
  ],
  [
    "signed by a key the issuer never published (unknown kid)",
    (n) => bearer(tokenFor(n, { key: NEXT_OIDC_KEY, kid: "never-published" })),
    "invalid_token",
  ],
  [
    "signed by another key under the published kid",
    (n) => bearer(tokenFor(n, { key: NEXT_OIDC_KEY, kid: OIDC_KEY.kid })),
    "invalid_token",
  ],
  ["without a kid", (n) => bearer(tokenFor(n, { kid: null })), "invalid_token"],
  ["unsigned (alg: none)", (n) => bearer(unsignedTokenFor(n)), "invalid_token"],
  ["HS256 with the issuer's public key as the secret", (n) => bearer(hmacWithPublicKeyFor(n)), "invalid_token"],
  [
    "tampered with after signing (another commit)",
    (n) => bearer(tamperedTokenFor(n, { sha: sha(99) })),
    "invalid_token",
  ],
];

it.each(BAD_TOKENS)("refuses a token that is %s with 401, recording nothing", async (_name, build, code) => {
  const options = await build(success);
  await expectNoChange(async () => {
    const refusal = await refusalOf(await send(success, oidcEnv("oidc"), options));
    expect(refusal).toMatchObject({ status: 401, code });
    expect(refusal.message.length).toBeGreaterThan(20);
  });
});

it("takes the same notification with its run's own token (the table above differs from it in one thing each)", async () => {
  const response = await send(success, oidcEnv("oidc"), { token: await tokenFor(success) });
  expect(response.status).toBe(202);
});

it("says what to do about a missing token: the job's id-token permission and the audience", async () => {
  const { message } = await refusalOf(await send(success, oidcEnv("oidc")));
  expect(message).toMatch(/id-token: write/);
  expect(message).toMatch(/OIDC_AUDIENCE/);
});

it("refuses a token-only notification without a webhook-id, or with a malformed one, recording nothing", async () => {
  const token = await tokenFor(success);
  await expectNoChange(async () => {
    expect(await refusalOf(await send(success, oidcEnv("oidc"), { token, id: null }))).toMatchObject({
      status: 401,
      code: "missing_webhook_id",
    });
    expect(await refusalOf(await send(success, oidcEnv("oidc"), { token, id: "has a space" }))).toMatchObject({
      status: 401,
      code: "invalid_webhook_id",
    });
  });
});
