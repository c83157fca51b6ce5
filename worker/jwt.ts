// A JWT signed with a key that a remote key set publishes: the one verification that operators'
// Cloudflare Access tokens and notifications' GitHub Actions OIDC tokens share, so both refuse the
// same forgeries (no kid, alg none, HS256 keyed with the public key, a tampered claim).
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";

/** Keys are refetched this long after a fetch, so a key the issuer revokes stops verifying within minutes. */
const KEYS_MAX_AGE_MS = 10 * 60_000;
/** An unknown `kid` refetches the keys at most this often (a stream of made-up ids costs one fetch). */
const REFETCH_COOLDOWN_MS = 30_000;
/** How far `exp`, `nbf` and `iat` may be off the worker's clock. */
const CLOCK_LEEWAY_S = 30;

export type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** The key set published at `url`: fetched when first needed, then cached (see the two constants). */
export function remoteKeySet(url: URL): KeySet {
  return createRemoteJWKSet(url, { cooldownDuration: REFETCH_COOLDOWN_MS, cacheMaxAge: KEYS_MAX_AGE_MS });
}

/** What a token must say besides its signature. */
export interface Expected {
  readonly issuer: string;
  readonly audience: string;
  /** Refuse a token issued longer ago than this (seconds; its `iat` is then required and may not be in the future). */
  readonly maxAgeS?: number;
}

/**
 * Why a token was refused: `unavailable` (the keys could not be fetched: nothing is known about the
 * token), `expired` (`exp` passed, or older than `maxAgeS`), `not_yet_valid` (`nbf` or `iat` ahead),
 * `audience`, `issuer`, or `invalid` (anything else: the signature, the key, the algorithm, the form).
 */
export type JwtRefusal = "unavailable" | "expired" | "not_yet_valid" | "audience" | "issuer" | "invalid";

/** A refused token: why, and (for the log, never the answer) jose's code or the key fetch's error. */
export interface JwtFailure {
  readonly ok: false;
  readonly refusal: JwtRefusal;
  readonly detail: string;
}

export type Verification = { readonly ok: true; readonly claims: JWTPayload } | JwtFailure;

/** Verifies `token`: RS256 only, a key matched by `kid`, then `iss`, `aud`, `exp` (required), `nbf`, `iat`. */
export async function verifyJwt(token: string, keys: JWTVerifyGetKey, expected: Expected): Promise<Verification> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header, input) => {
        // A key set with one key would otherwise verify a token that names none.
        if (header.kid === undefined) throw new errors.JWSInvalid("the token has no kid");
        return keys(header, input);
      },
      {
        algorithms: ["RS256"],
        issuer: expected.issuer,
        audience: expected.audience,
        clockTolerance: CLOCK_LEEWAY_S,
        requiredClaims: ["exp"],
        ...(expected.maxAgeS === undefined ? {} : { maxTokenAge: expected.maxAgeS }),
      },
    );
    return { ok: true, claims: payload };
  } catch (error) {
    const refusal = refusalOf(error);
    return { ok: false, refusal, detail: detailOf(error, refusal) };
  }
}

/** jose's codes for a key set that could not be fetched or read (not a verdict on the token). */
const UNAVAILABLE = new Set(["ERR_JOSE_GENERIC", "ERR_JWKS_TIMEOUT", "ERR_JWKS_INVALID"]);

function refusalOf(error: unknown): JwtRefusal {
  // Anything not from jose's checks (a refused connection, a non-200 or non-JSON answer) is the key fetch.
  if (!(error instanceof errors.JOSEError) || UNAVAILABLE.has(error.code)) return "unavailable";
  if (error instanceof errors.JWTExpired) return "expired";
  if (!(error instanceof errors.JWTClaimValidationFailed)) return "invalid";
  if (error.claim === "aud") return "audience";
  if (error.claim === "iss") return "issuer";
  const ahead = (error.claim === "nbf" || error.claim === "iat") && error.reason === "check_failed";
  return ahead ? "not_yet_valid" : "invalid";
}

/** For the log: jose's code for a verdict on the token, the error's message for a fetch that failed. */
function detailOf(error: unknown, refusal: JwtRefusal): string {
  if (refusal !== "unavailable" && error instanceof errors.JOSEError) return error.code;
  return error instanceof Error ? error.message : String(error);
}
