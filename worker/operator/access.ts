// Cloudflare Access's word on who is acting: the `Cf-Access-Jwt-Assertion` JWT, verified here
// rather than trusted, since a request can reach the worker without passing through Access.
import type { JWTPayload } from "jose";
import { HttpError } from "../http/errors";
import { type JwtFailure, type KeySet, remoteKeySet, verifyJwt } from "../jwt";
import { log } from "../log";

export type { KeySet };

/** Longer than any name Access gives (an email is at most 254). */
const MAX_NAME = 320;

/** A team's signing keys from `/cdn-cgi/access/certs`: fetched when first needed, then cached. */
export function teamKeys(teamDomain: string): KeySet {
  return remoteKeySet(new URL(`${teamDomain}/cdn-cgi/access/certs`));
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
  const verified = await verifyJwt(token, keys, { issuer: access.teamDomain, audience: access.audience });
  if (!verified.ok) throw refusal(verified, access.teamDomain);
  const actor = actorOf(verified.claims);
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

/** The answer for a failed verification; the log line says why, the answer what to do. */
function refusal({ refusal, detail }: JwtFailure, teamDomain: string): HttpError {
  if (refusal === "unavailable") {
    log("error", "access_keys_unavailable", { error: detail });
    return new HttpError(
      503,
      "access_keys_unavailable",
      `internalbf could not fetch the Access signing keys from ${teamDomain}/cdn-cgi/access/certs: try again shortly`,
    );
  }
  log("warn", "access_token_refused", { reason: detail });
  if (refusal === "expired") return invalid("the Access token has expired: sign in through Access again");
  return invalid(
    "the Cf-Access-Jwt-Assertion header is not a valid Access token for this application: sign in through Access again",
  );
}

function invalid(message: string): HttpError {
  return new HttpError(401, "invalid_access_token", message);
}
