// The notification's `Authorization: Bearer <jwt>`, verified as a GitHub Actions OIDC token of the
// configured issuer and audience. Who the token says ran (repository, workflow, run, commit) is
// checked later, against the notification (./claims.ts).
import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { type JwtRefusal, verifyJwt } from "../../jwt";
import { log } from "../../log";
import type { OidcConfig } from "../settings";
import { oidcKeysOf } from "./keys";

/**
 * A token older than this is refused whatever its `exp` says. GitHub's live 5 minutes; 10 bounds
 * a token from an issuer that gives longer ones (it is what stops a replay).
 */
const MAX_AGE_S = 600;
/** Seconds the action is asked to wait after the keys could not be fetched. */
const RETRY_AFTER_S = "10";
/** Longer than any OIDC token GitHub issues (about 1 KiB); anything longer is not worth verifying. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer +(\S+)$/i;

/** A token that verified, with the settings it was verified against (the claims are checked against them). */
export interface VerifiedToken {
  readonly claims: JWTPayload;
  readonly oidc: OidcConfig;
}

/** Why a token was refused: 401, or 503 (with `retry-after`) when the keys could not be fetched. */
export interface TokenRefusal {
  readonly status: 401 | 503;
  readonly code: string;
  readonly message: string;
  readonly headers?: Record<string, string>;
}

/** The verified token of an `Authorization` header, or why not. */
export async function checkToken(
  authorization: string | null,
  oidc: OidcConfig,
  keys: JWTVerifyGetKey = oidcKeysOf(oidc.issuer),
): Promise<VerifiedToken | TokenRefusal> {
  if (authorization === null) {
    return {
      status: 401,
      code: "missing_token",
      message:
        "an Authorization: Bearer <GitHub Actions OIDC token> header is required: give the notifying job `permissions: id-token: write` and the action the audience OIDC_AUDIENCE names",
    };
  }
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) return refusal("invalid", oidc);
  const verified = await verifyJwt(token, keys, { issuer: oidc.issuer, audience: oidc.audience, maxAgeS: MAX_AGE_S });
  if (verified.ok) return { claims: verified.claims, oidc };
  if (verified.refusal === "unavailable") {
    log("error", "oidc_keys_unavailable", { issuer: oidc.issuer, error: verified.detail });
  }
  return refusal(verified.refusal, oidc);
}

/** The answer to a refused token: the code says which check, the message what to do. */
function refusal(why: JwtRefusal, oidc: OidcConfig): TokenRefusal {
  switch (why) {
    case "unavailable":
      return {
        status: 503,
        code: "oidc_keys_unavailable",
        message: `internalbf could not fetch the OIDC signing keys of ${oidc.issuer}: nothing was recorded, try again shortly`,
        headers: { "retry-after": RETRY_AFTER_S },
      };
    case "expired":
      return {
        status: 401,
        code: "token_expired",
        message: `the OIDC token has expired (or is older than ${MAX_AGE_S / 60} minutes): request a fresh one for each notification`,
      };
    case "not_yet_valid":
      return {
        status: 401,
        code: "token_not_yet_valid",
        message: "the OIDC token is not valid yet (its nbf or iat is ahead of internalbf's clock)",
      };
    case "audience":
      return {
        status: 401,
        code: "wrong_token_audience",
        message: `the OIDC token was not issued for ${oidc.audience}: the action must request its token for OIDC_AUDIENCE's value`,
      };
    case "issuer":
      return {
        status: 401,
        code: "wrong_token_issuer",
        message: `the OIDC token was not issued by ${oidc.issuer} (OIDC_ISSUER)`,
      };
    case "invalid":
      return {
        status: 401,
        code: "invalid_token",
        message: `the bearer token is not an OIDC token signed (RS256) with a key ${oidc.issuer} publishes`,
      };
  }
}
