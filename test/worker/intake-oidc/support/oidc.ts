// GitHub Actions OIDC for the intake tests: the worker under another NOTIFICATION_AUTH, tokens as
// GitHub issues them to the run that sends a notification (signed with the fake issuer's fixed keys,
// test/fakes/oidc-keys.ts), every kind of bad one, and the fake issuer's controls.
import { env } from "cloudflare:workers";
import { base64url, exportSPKI, importJWK, SignJWT } from "jose";
import type { Notification } from "../../../../worker/protocol";
import { EVENT_PATHS, importSecret, signatureHeaders } from "../../../../worker/protocol";
import { route } from "../../../../worker/router";
import { publicJwk } from "../../../fakes/access-keys";
import type { Scripted } from "../../../fakes/contract";
import { NEXT_OIDC_KEY, OIDC_KEY, type TestKey } from "../../../fakes/oidc-keys";
import { REPOSITORY, SECRET } from "../../support/bindings";

export { NEXT_OIDC_KEY, OIDC_KEY };

/** The audience internalbf is configured with, and the action requests its tokens for. */
export const AUDIENCE = "https://internalbf.test";
/** The repository's numeric id, as GitHub puts it in a token. */
export const REPOSITORY_ID = "123456789";
export const STAGING_WORKFLOW_REF = `${REPOSITORY}/.github/workflows/deploy-staging.yml@refs/heads/main`;
export const PRODUCTION_WORKFLOW_REF = `${REPOSITORY}/.github/workflows/deploy-production.yml@refs/heads/main`;
/** main's tip when a production run starts: its token's `sha` (the run checks out the commit itself). */
export const MAIN_TIP = "feedfacefeedfacefeedfacefeedfacefeedface";

type Mode = "hmac" | "oidc" | "either" | "both";
/** The fake issuer's documents (test/fakes/oidc-issuer.ts, which runs in Node and cannot be imported here). */
type IssuerRoute = "discovery" | "jwks";

/** The fake issuer (OIDC_ISSUER in the test bindings). */
export const baseIssuer = (): string => (env as unknown as { OIDC_ISSUER: string }).OIDC_ISSUER;

let issuers = 0;
/** An issuer URL no other test used, so the worker has none of its keys cached yet. */
export function freshIssuer(): string {
  issuers += 1;
  return `${baseIssuer()}/fresh-${Date.now()}-${issuers}`;
}

/** The worker's bindings under `mode`, with the OIDC settings of the tests; `settings` replace or (undefined) remove some. */
export function oidcEnv(mode: Mode, settings: Record<string, string | undefined> = {}): Env {
  return {
    ...env,
    NOTIFICATION_AUTH: mode,
    OIDC_ISSUER: baseIssuer(),
    OIDC_AUDIENCE: AUDIENCE,
    GITHUB_REPOSITORY_ID: REPOSITORY_ID,
    ...settings,
  } as unknown as Env;
}

export interface TokenOptions {
  /** The key that signs (default: the one the issuer publishes). */
  readonly key?: TestKey;
  /** The header's `kid` (default: the key's); null leaves it out. */
  readonly kid?: string | null;
  /** The token's `iss` (default: the base issuer). */
  readonly issuer?: string;
  /** Claims replacing or adding to GitHub's; `undefined` removes one. */
  readonly claims?: Record<string, unknown>;
}

/** The token GitHub issues to the run that sends `n`: valid for 5 minutes. */
export async function tokenFor(n: Notification, options: TokenOptions = {}): Promise<string> {
  const key = options.key ?? OIDC_KEY;
  const kid = options.kid === undefined ? key.kid : options.kid;
  return new SignJWT(claimsFor(n, options))
    .setProtectedHeader(kid === null ? { alg: "RS256", typ: "JWT" } : { alg: "RS256", typ: "JWT", kid })
    .sign(await importJWK({ ...key, alg: "RS256" }, "RS256"));
}

/** The claims of tokenFor(n) with no signature at all: `alg: none`. */
export function unsignedTokenFor(n: Notification): string {
  return `${encode({ alg: "none", typ: "JWT", kid: OIDC_KEY.kid })}.${encode(claimsFor(n))}.`;
}

/** The algorithm-confusion forgery: HS256 with the issuer's public key (as PEM) for the HMAC secret. */
export async function hmacWithPublicKeyFor(n: Notification): Promise<string> {
  const pem = await exportSPKI(await importJWK(publicJwk(OIDC_KEY), "RS256", { extractable: true }));
  return new SignJWT(claimsFor(n))
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: OIDC_KEY.kid })
    .sign(new TextEncoder().encode(pem));
}

/** A valid token for `n` whose claims were changed after signing (here: the commit it vouches for). */
export async function tamperedTokenFor(n: Notification, claims: Record<string, unknown>): Promise<string> {
  const [header, , signature] = (await tokenFor(n)).split(".");
  return `${header}.${encode(claimsFor(n, { claims }))}.${signature}`;
}

export interface SendOptions {
  /** The bearer token (default: none). */
  readonly token?: string;
  /** An Authorization header as given, in place of `Bearer <token>`. */
  readonly authorization?: string;
  /** Sign it as the action does with WEBHOOK_AUTH_TOKEN's first secret, or with this one. */
  readonly signed?: boolean | string;
  /** The webhook-id; null leaves it out. */
  readonly id?: string | null;
  readonly headers?: Record<string, string>;
}

let deliveries = 0;

/** Posts `n` to its intake path of a worker with bindings `bindings`, as the action would. */
export async function send(n: Notification, bindings: Env, options: SendOptions = {}): Promise<Response> {
  const body = new TextEncoder().encode(JSON.stringify(n));
  deliveries += 1;
  const id = options.id === undefined ? `msg_oidc_${Date.now()}_${deliveries}` : options.id;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (id !== null) headers["webhook-id"] = id;
  if (options.signed !== undefined && options.signed !== false) {
    const secret = options.signed === true ? SECRET : options.signed;
    const signed = await signatureHeaders([await importSecret(secret)], id ?? "", Math.floor(Date.now() / 1000), body);
    headers["webhook-timestamp"] = signed["webhook-timestamp"];
    headers["webhook-signature"] = signed["webhook-signature"];
  }
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const request = new Request(`https://internalbf.test${EVENT_PATHS[n.event]}`, {
    method: "POST",
    headers: { ...headers, ...options.headers },
    body,
  });
  return route(request, bindings);
}

/** The status and error code of an answer. */
export async function refusalOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  return { status: response.status, code: body.error?.code ?? "(none)", message: body.error?.message ?? "" };
}

/** The fake issuer: what it publishes, how often it was fetched, and its scripted failures. */
export const issuer = {
  reset: () => control("reset"),
  publish: (keys: TestKey[]) => control("keys", { keys: keys.map(publicJwk) }),
  /** The next fetches of `route` get these answers, in order. */
  script: (route: IssuerRoute, responses: Scripted[]) => control("script", { route, responses }),
  async fetches(): Promise<Record<IssuerRoute, number>> {
    const response = await fetch(`${baseIssuer()}/__fake/state`);
    return ((await response.json()) as { fetches: Record<IssuerRoute, number> }).fetches;
  },
};

/** GitHub's claims for the run that sends `n` (workflow, run, commit), with `options`' changes. */
function claimsFor(n: Notification, options: TokenOptions = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const staging = n.event.startsWith("staging_");
  const claims: Record<string, unknown> = {
    jti: `jti-${now}-${Math.random()}`,
    sub: `repo:${REPOSITORY}:environment:${staging ? "staging" : "production"}`,
    aud: AUDIENCE,
    ref: "refs/heads/main",
    sha: staging ? n.commit_sha : MAIN_TIP,
    repository: REPOSITORY,
    repository_owner: REPOSITORY.split("/")[0],
    repository_owner_id: "987654321",
    run_id: String(n.run_id),
    run_number: String(n.run_number ?? 1),
    run_attempt: String(n.run_attempt),
    repository_visibility: "private",
    repository_id: REPOSITORY_ID,
    actor_id: "583231",
    actor: "octocat",
    workflow: staging ? "Deploy to Staging" : "Deploy to Production",
    head_ref: "",
    base_ref: "",
    event_name: staging ? "push" : "workflow_dispatch",
    ref_type: "branch",
    workflow_ref: staging ? STAGING_WORKFLOW_REF : PRODUCTION_WORKFLOW_REF,
    workflow_sha: staging ? n.commit_sha : MAIN_TIP,
    job_workflow_ref: staging ? STAGING_WORKFLOW_REF : PRODUCTION_WORKFLOW_REF,
    runner_environment: "github-hosted",
    environment: staging ? "staging" : "production",
    iss: options.issuer ?? baseIssuer(),
    nbf: now - 5,
    iat: now,
    exp: now + 300,
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

function encode(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

async function control(path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(`${baseIssuer()}/__fake/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`fake issuer control ${path} failed: ${response.status}`);
}
