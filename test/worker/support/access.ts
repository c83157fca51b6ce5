// Cloudflare Access for the worker tests: tokens signed with the fake team's fixed keys
// (test/fakes/access-keys.ts), good ones and every kind of bad one, and the fake team's key set.
import { env, exports } from "cloudflare:workers";
import { base64url, exportSPKI, importJWK, SignJWT } from "jose";
import { ACCESS_KEY, NEXT_ACCESS_KEY, publicJwk, type TestKey } from "../../fakes/access-keys";
import { ACCESS_AUD } from "./bindings";

export { ACCESS_AUD, ACCESS_KEY, NEXT_ACCESS_KEY };

/** The fake team's domain (the fake outside world on 127.0.0.1): the tokens' `iss`. */
export const team = (): string => (env as unknown as { ACCESS_TEAM_DOMAIN: string }).ACCESS_TEAM_DOMAIN;

export interface TokenOptions {
  /** The key that signs (default: the one the team publishes). */
  readonly key?: TestKey;
  /** The header's `kid` (default: the key's); null leaves it out. */
  readonly kid?: string | null;
  /** Claims replacing or adding to a person's app token; `undefined` removes one. */
  readonly claims?: Record<string, unknown>;
}

/** An Access app token as Cloudflare issues one for a person who signed in: valid for 5 minutes. */
export async function accessToken(options: TokenOptions = {}): Promise<string> {
  const key = options.key ?? ACCESS_KEY;
  const kid = options.kid === undefined ? key.kid : options.kid;
  return new SignJWT(claimsOf(options.claims))
    .setProtectedHeader(kid === null ? { alg: "RS256", typ: "JWT" } : { alg: "RS256", typ: "JWT", kid })
    .sign(await importJWK({ ...key, alg: "RS256" }, "RS256"));
}

/** A token whose claims are `claims` (as accessToken's), with no signature at all: `alg: none`. */
export function unsignedToken(claims?: Record<string, unknown>): string {
  const header = { alg: "none", typ: "JWT", kid: ACCESS_KEY.kid };
  return `${encode(header)}.${encode(claimsOf(claims))}.`;
}

/** The algorithm-confusion forgery: HS256 with the team's public key (as PEM) for the HMAC secret. */
export async function hmacWithPublicKey(): Promise<string> {
  const pem = await exportSPKI(await importJWK(publicJwk(ACCESS_KEY), "RS256", { extractable: true }));
  return new SignJWT(claimsOf())
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: ACCESS_KEY.kid })
    .sign(new TextEncoder().encode(pem));
}

/** A valid token whose claims were changed after signing (here: who it names). */
export async function tamperedToken(): Promise<string> {
  const [header, , signature] = (await accessToken()).split(".");
  return `${header}.${encode(claimsOf({ email: "mallory@example.com" }))}.${signature}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** Every kind of token Access did not issue for this application now, each with how to build it. */
export const BAD_ACCESS_TOKENS: [string, () => Promise<string> | string][] = [
  [
    "expired (past the leeway)",
    () => accessToken({ claims: { iat: now() - 600, nbf: now() - 600, exp: now() - 120 } }),
  ],
  ["not yet valid (past the leeway)", () => accessToken({ claims: { nbf: now() + 120 } })],
  ["without an exp", () => accessToken({ claims: { exp: undefined } })],
  ["for another application's audience", () => accessToken({ claims: { aud: ["0".repeat(64)] } })],
  ["without an audience", () => accessToken({ claims: { aud: undefined } })],
  ["from another issuer", () => accessToken({ claims: { iss: "https://other-team.invalid" } })],
  [
    "signed by a key the team never published (unknown kid)",
    () => accessToken({ key: NEXT_ACCESS_KEY, kid: "never-published" }),
  ],
  ["signed by another key under the published kid", () => accessToken({ key: NEXT_ACCESS_KEY, kid: ACCESS_KEY.kid })],
  ["without a kid", () => accessToken({ kid: null })],
  ["unsigned (alg: none)", () => unsignedToken()],
  ["HS256 with the team's public key as the secret", () => hmacWithPublicKey()],
  ["tampered with after signing", () => tamperedToken()],
  ["not a JWT at all", () => "not-a-jwt"],
  ["empty", () => ""],
];

/** GET an operator route with these headers. */
export function operatorGet(path: string, headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(`https://internalbf.test${path}`, { headers });
}

/** The fake Access team: what it publishes, and how often its keys were fetched. */
export const accessTeam = {
  publish: (keys: TestKey[]) => control("access-keys", { keys: keys.map(publicJwk) }),
  async fetches(): Promise<number> {
    const response = await fetch(`${team()}/__fake/state`);
    return ((await response.json()) as { accessCertsFetches: number }).accessCertsFetches;
  },
};

function claimsOf(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    aud: [ACCESS_AUD],
    email: "ana@example.com",
    exp: now + 300,
    iat: now,
    nbf: now,
    iss: team(),
    type: "app",
    identity_nonce: "6ei69kawdKzMIAPF",
    sub: "7335d417-61da-459d-899c-0a01c76a2f94",
    country: "US",
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

function encode(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${team()}/__fake/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`fake control ${path} failed: ${response.status}`);
}
