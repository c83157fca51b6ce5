import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import type { Scripted } from "../../fakes/contract";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import { freshIssuer, issuer, oidcEnv, refusalOf, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const success = notification({ commit_sha: sha(91), run_id: 14_001, run_attempt: 1 });

it.each<[string, "discovery" | "jwks", Scripted]>([
  ["the discovery document answers 500", "discovery", { status: 500 }],
  ["the discovery document drops the connection", "discovery", { reset: true }],
  ["the discovery document is not an object", "discovery", { status: 200, body: "keys" }],
  ["the key set answers 500", "jwks", { status: 500 }],
  ["the key set drops the connection", "jwks", { reset: true }],
  ["the key set is not a key set", "jwks", { status: 200, body: { keys: "none" } }],
])("answers 503 oidc_keys_unavailable with retry-after when %s, recording nothing", async (_name, route, scripted) => {
  const url = freshIssuer();
  await issuer.script(route, [scripted]);
  const token = await tokenFor(success, { issuer: url });
  await expectNoChange(async () => {
    const response = await send(success, oidcEnv("oidc", { OIDC_ISSUER: url }), { token });
    expect(response.headers.get("retry-after")).toBe("10");
    const refusal = await refusalOf(response);
    expect(refusal).toMatchObject({ status: 503, code: "oidc_keys_unavailable" });
    expect(refusal.message).toMatch(/try again/);
  });
});

it("does not follow a redirect from the discovery document (here to the issuer's own document)", async () => {
  const url = freshIssuer();
  await issuer.script("discovery", [{ status: 302, headers: { location: `${url}/.well-known/openid-configuration` } }]);
  const response = await send(success, oidcEnv("oidc", { OIDC_ISSUER: url }), {
    token: await tokenFor(success, { issuer: url }),
  });
  expect(await refusalOf(response)).toMatchObject({ status: 503, code: "oidc_keys_unavailable" });
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 0 });
});

it("refuses a discovery document that names another issuer, even one whose keys would verify the token", async () => {
  const url = freshIssuer();
  const other = freshIssuer();
  await issuer.script("discovery", [{ status: 200, body: { issuer: other, jwks_uri: `${other}/.well-known/jwks` } }]);
  const response = await send(success, oidcEnv("oidc", { OIDC_ISSUER: url }), {
    token: await tokenFor(success, { issuer: url }),
  });
  expect(await refusalOf(response)).toMatchObject({ status: 503, code: "oidc_keys_unavailable" });
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 0 });
});

it.each([
  ["plain http off loopback", () => "http://keys.invalid/jwks"],
  [
    "a URL with credentials (here the issuer's own keys)",
    (url: string) => `${url.replace("http://", "http://user:secret@")}/.well-known/jwks`,
  ],
])("refuses a jwks_uri that is %s without calling it", async (_name, jwksUri) => {
  const url = freshIssuer();
  await issuer.script("discovery", [{ status: 200, body: { issuer: url, jwks_uri: jwksUri(url) } }]);
  const response = await send(success, oidcEnv("oidc", { OIDC_ISSUER: url }), {
    token: await tokenFor(success, { issuer: url }),
  });
  expect(await refusalOf(response)).toMatchObject({ status: 503, code: "oidc_keys_unavailable" });
  expect(await issuer.fetches()).toEqual({ discovery: 1, jwks: 0 });
});

it("does not remember a failed discovery: the next notification reads it again and is taken", async () => {
  const url = freshIssuer();
  await issuer.script("discovery", [{ status: 503 }]);
  const bindings = () => oidcEnv("oidc", { OIDC_ISSUER: url });
  const first = await send(success, bindings(), { token: await tokenFor(success, { issuer: url }) });
  expect(first.status).toBe(503);
  const again = await send(success, bindings(), { token: await tokenFor(success, { issuer: url }) });
  expect(again.status).toBe(202);
  expect(await issuer.fetches()).toEqual({ discovery: 2, jwks: 1 });
});
