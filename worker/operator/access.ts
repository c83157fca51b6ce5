// Cloudflare Access's word on who is acting: the `Cf-Access-Jwt-Assertion` JWT, verified here
// rather than trusted, since a request can reach the worker without passing through Access.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from "jose";
import { HttpError } from "../http/errors";
import { log } from "../log";

/** Keys are refetched this long after a fetch, so a key Access revokes (a manual rotation) stops verifying within minutes. */
const KEYS_MAX_AGE_MS = 10 * 60_000;
/** An unknown `kid` refetches the keys at most this often (a stream of made-up ids costs one fetch). */
const REFETCH_COOLDOWN_MS = 30_000;
const CLOCK_LEEWAY_S = 30;
/** Longer than any name Access gives (an email is at most 254). */
const MAX_NAME = 320;

export type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** A team's signing keys from `/cdn-cgi/access/certs`: fetched when first needed, then cached. */
export function teamKeys(teamDomain: string): KeySet {
  return createRemoteJWKSet(new URL(`${teamDomain}/cdn-cgi/access/certs`), {
    cooldownDuration: REFETCH_COOLDOWN_MS,
    cacheMaxAge: KEYS_MAX_AGE_MS,
  });
}

// One key set per team for the isolate's life, so its cache and cooldown outlive the request.
const keySets = new Map<string, KeySet>();

function keysOf(teamDomain: string): KeySet {
  let keys = keySets.get(teamDomain);
  if (keys === undefined) {
    keys = teamKeys(teamDomain);
    keySets.set(teamDomain, keys);
  }
  return keys;
}

/**
 * The actor an Access token names, once its signature (RS256, a published key matched by `kid`),
 * `iss`, `aud`, `exp` and `nbf` check out: its `email`, or `service:<common_name>` for a service
 * token. Throws 401 `invalid_access_token` otherwise, 503 when the team's keys cannot be fetched.
 */
export async function accessActor(
  token: string,
  access: { readonly teamDomain: string; readonly audience: string },
  keys: KeySet = keysOf(access.teamDomain),
): Promise<string> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header, input) => {
        // A key set with one key would otherwise verify a token that names none.
        if (header.kid === undefined) throw new errors.JWSInvalid("the token has no kid");
        return keys(header, input);
      },
      {
        algorithms: ["RS256"],
        issuer: access.teamDomain,
        audience: access.audience,
        clockTolerance: CLOCK_LEEWAY_S,
        requiredClaims: ["exp"],
      },
    ));
  } catch (error) {
    throw refusal(error, access.teamDomain);
  }
  const actor = actorOf(payload);
  if (actor === null) {
    log("warn", "access_token_refused", { reason: "no_actor" });
    throw invalid("the Access token names no one (neither an email nor a service token's common_name)");
  }
  return actor;
}

/** The token's email, or `service:<common_name>` for a service token (which has no email). */
function actorOf(payload: JWTPayload): string | null {
  if (isName(payload.email)) return payload.email;
  if (isName(payload.common_name)) return `service:${payload.common_name}`;
  return null;
}

function isName(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_NAME &&
    value.trim() === value &&
    !/\p{C}/u.test(value)
  );
}

const UNAVAILABLE = new Set(["ERR_JOSE_GENERIC", "ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID"]);

/** The answer for a failed verification; the log line says why, the answer what to do. */
function refusal(error: unknown, teamDomain: string): HttpError {
  // Anything not from jose's checks (a refused connection, a non-200 or non-JSON answer) is the key fetch.
  if (!(error instanceof errors.JOSEError) || UNAVAILABLE.has(error.code)) {
    log("error", "access_keys_unavailable", { error: error instanceof Error ? error.message : String(error) });
    return new HttpError(
      503,
      "access_keys_unavailable",
      `internalbf could not fetch the Access signing keys from ${teamDomain}/cdn-cgi/access/certs: try again shortly`,
    );
  }
  log("warn", "access_token_refused", { reason: error.code });
  if (error instanceof errors.JWTExpired) return invalid("the Access token has expired: sign in through Access again");
  return invalid(
    "the Cf-Access-Jwt-Assertion header is not a valid Access token for this application: sign in through Access again",
  );
}

function invalid(message: string): HttpError {
  return new HttpError(401, "invalid_access_token", message);
}
