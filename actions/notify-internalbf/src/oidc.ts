// The job's GitHub Actions OIDC token for internalbf, requested as @actions/core's getIDToken does
// (GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., the runner's request token as the bearer, answer
// `{ value }`), through the step's own transport so the runner's proxy applies to it too.
import { backoffMs, isRetryable, parseRetryAfter } from "./backoff";
import { networkReason, type Transport } from "./deliver";
import { InputError } from "./inputs";
import { jsonObject, parseErrorBody } from "./refusal";

/** Where and how to ask for the token: the runner gives both only to a job with `id-token: write`. */
export interface TokenEndpoint {
  readonly url: string;
  readonly requestToken: string;
  readonly audience: string;
}

/** A token for the next attempt, or why there is none. */
export type IdToken = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly message: string };

/** What asking for a token needs: the transport, its limits, and the runner's mask. */
export interface TokenDeps extends Transport {
  readonly timeoutMs: number;
  readonly retries: number;
  /** Masks a value in every later log line; called on the token before it is returned. */
  readonly mask: (value: string) => void;
}

/** A token older than this is replaced before the next attempt: GitHub's expire about 5 minutes after issue. */
export const TOKEN_REUSE_MS = 60_000;

const PERMISSION =
  "add `permissions: id-token: write` to this job (a job's permissions block replaces the workflow's, so name it there)";

/** The token endpoint for `audience`; throws InputError when the job may not ask (no `id-token: write`). */
export function tokenEndpoint(env: Readonly<Record<string, string | undefined>>, audience: string): TokenEndpoint {
  const missing = ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new InputError(
      `oidc-audience is set, but this job may not request an OIDC token (${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set): ${PERMISSION}`,
    );
  }
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL ?? "";
  if (!URL.canParse(url))
    throw new InputError("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL: the runner sets it, not the workflow");
  return { url, requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? "", audience };
}

/**
 * A source of tokens for the delivery's attempts: the first call asks, later calls reuse the token
 * while it is younger than TOKEN_REUSE_MS (a delivery's retries can outlast a token). Never throws.
 */
export function idTokens(endpoint: TokenEndpoint, deps: TokenDeps): () => Promise<IdToken> {
  let held: { readonly token: string; readonly at: number } | undefined;
  return async () => {
    const now = deps.now().getTime();
    if (held !== undefined && now - held.at < TOKEN_REUSE_MS) return { ok: true, token: held.token };
    const answer = await requestIdToken(endpoint, deps);
    if (answer.ok) held = { token: answer.token, at: now };
    return answer;
  };
}

/** Asks for one token, retrying what may pass (network errors, 408, 429, 5xx) as a delivery does. */
export async function requestIdToken(endpoint: TokenEndpoint, deps: TokenDeps): Promise<IdToken> {
  const url = `${endpoint.url}&audience=${encodeURIComponent(endpoint.audience)}`;
  const where = `GitHub's OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL, ${new URL(endpoint.url).origin})`;
  const attempts = deps.retries + 1;
  for (let attempt = 1; ; attempt++) {
    let message: string;
    let retryAfter: string | null = null;
    try {
      const answer = await deps.send({
        url,
        method: "GET",
        headers: {
          accept: "application/json",
          authorization: `Bearer ${endpoint.requestToken}`,
          "user-agent": "notify-internalbf",
        },
        body: new Uint8Array(0),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      if (answer.status === 200) {
        const value = jsonObject(answer.text)?.value;
        if (typeof value === "string" && value !== "") {
          deps.mask(value);
          return { ok: true, token: value };
        }
        return { ok: false, message: `${where} answered 200 without a token (no "value"): try the job again` };
      }
      const body = parseErrorBody(answer.text);
      const said = body === undefined ? "" : ` (${body.error.code}: ${body.error.message})`;
      message = `${where} refused the token request for audience ${endpoint.audience} with ${answer.status}${said}`;
      if (!isRetryable(answer.status)) {
        const hint = answer.status === 401 || answer.status === 403 ? `: ${PERMISSION}` : "";
        return { ok: false, message: `could not get an OIDC token: ${message}${hint}` };
      }
      retryAfter = answer.header("retry-after");
    } catch (error) {
      message = `could not reach ${where}: ${networkReason(error, deps.timeoutMs)}`;
    }
    if (attempt === attempts) {
      const tail = attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
      return { ok: false, message: `could not get an OIDC token: ${message}${tail}` };
    }
    const delay = backoffMs(attempt, deps.random(), parseRetryAfter(retryAfter, deps.now()));
    deps.log(
      `OIDC token request ${attempt} of ${attempts} failed: ${message}. Trying again in ${(delay / 1000).toFixed(1)} s.`,
    );
    await deps.sleep(delay);
  }
}
