// A GitHub Actions OIDC issuer's signing keys, found the OpenID Connect way: the discovery document
// at `${issuer}/.well-known/openid-configuration` names `jwks_uri`, whose key set is fetched when
// first needed and then cached (refetched on an unknown `kid` at most every 30 s, and after 10 min).
import type { JWTVerifyGetKey } from "jose";
import { type KeySet, remoteKeySet } from "../../jwt";
import { urlRefusal } from "../../protocol";

const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * The keys of `issuer`, as a key getter for jwtVerify: the discovery document is read on first use
 * and, once it answered, never again; a failed read is not remembered, so the next token tries again.
 */
export function issuerKeys(issuer: string): JWTVerifyGetKey {
  let keys: KeySet | null = null;
  return async (header, token) => {
    // The resolved key set is kept, never a pending promise: Workers cannot share I/O across requests.
    if (keys === null) {
      const jwksUri = await discoverJwksUri(issuer);
      keys ??= remoteKeySet(jwksUri);
    }
    return keys(header, token);
  };
}

// One key getter per issuer for the isolate's life, so its cache and cooldown outlive the request.
const issuers = new Map<string, JWTVerifyGetKey>();

/** The isolate's key getter for `issuer`. */
export function oidcKeysOf(issuer: string): JWTVerifyGetKey {
  let keys = issuers.get(issuer);
  if (keys === undefined) {
    keys = issuerKeys(issuer);
    issuers.set(issuer, keys);
  }
  return keys;
}

/**
 * The `jwks_uri` of the issuer's discovery document. Throws (a plain Error: the keys are unavailable)
 * unless it answers 200 with JSON whose `issuer` is exactly `issuer` (OpenID Connect Discovery 1.0,
 * section 4.3) and whose `jwks_uri` is a URL internalbf may call. Redirects are not followed.
 */
async function discoverJwksUri(issuer: string): Promise<URL> {
  const url = `${issuer}/.well-known/openid-configuration`;
  const response = await fetch(url, {
    headers: { accept: "application/json" },
    redirect: "manual",
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new Error(`${url} did not answer JSON`);
  }
  const { issuer: named, jwks_uri: jwksUri } = (typeof document === "object" && document !== null ? document : {}) as {
    issuer?: unknown;
    jwks_uri?: unknown;
  };
  if (named !== issuer) throw new Error(`${url} names another issuer`);
  if (typeof jwksUri !== "string" || urlRefusal(jwksUri) !== null) {
    throw new Error(`${url} names no jwks_uri internalbf may fetch (https, or http on loopback)`);
  }
  return new URL(jwksUri);
}
