// The fake GitHub's App-token route, `POST /app/installations/{installation_id}/access_tokens`: it
// holds the App JWT it receives to GitHub's rules (RS256 under the registered App's public key, `iss`
// the App, `iat`/`exp` at most 10 minutes apart with `exp` ahead and `iat` not ahead by more than a
// minute of drift) and answers a fresh installation token, narrowed as asked. Node only (node:crypto).
import { createPublicKey, randomBytes, verify } from "node:crypto";
import { installationToken } from "../../local/github/shapes.ts";
import type { IssuedToken } from "./contract";

export type { IssuedToken };

/** The GitHub App the fake knows (registered by a test through `POST /__fake/app`). */
export interface FakeApp {
  /** What the JWT's `iss` must be: the App's id (or client ID). */
  readonly id: string;
  readonly installation_id: number;
  /** The App's public key as a JWK. */
  readonly key: JsonWebKey;
}

export const APP_TOKEN = /^\/app\/installations\/(\d+)\/access_tokens$/;

// GitHub's words for a JWT whose times it refuses.
const BAD_IAT = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.";
const BAD_EXP =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
const FAR_EXP = "'Expiration time' claim ('exp') is too far in the future.";

/** GitHub's answer to one token request at `now` (the fake's clock, ms); an issued token joins `issued`. */
export function answerTokenRequest(
  app: FakeApp | null,
  request: { readonly path: string; readonly authorization: string | undefined; readonly body: string },
  now: number,
  issued: IssuedToken[],
): { readonly status: number; readonly body: unknown } {
  const refused = (message: string) => ({
    status: 401,
    body: { message, documentation_url: "https://docs.github.com/rest" },
  });
  const jwt = /^bearer (.+)$/i.exec(request.authorization ?? "")?.[1];
  if (app === null || jwt === undefined) return refused("A JSON web token could not be decoded");
  const claims = verifiedClaims(jwt, app.key);
  if (claims === null) return refused("A JSON web token could not be decoded");
  const seconds = Math.floor(now / 1000);
  if (String(claims.iss) !== app.id) return refused("Integration not found");
  if (!Number.isInteger(claims.iat) || claims.iat > seconds + 60) return refused(BAD_IAT);
  if (!Number.isInteger(claims.exp) || claims.exp <= seconds) return refused(BAD_EXP);
  if (claims.exp - claims.iat > 600) return refused(FAR_EXP);
  if (Number(APP_TOKEN.exec(request.path)?.[1]) !== app.installation_id) {
    return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
  }
  const asked = (request.body === "" ? {} : JSON.parse(request.body)) as {
    repositories?: string[];
    permissions?: Record<string, string>;
  };
  const token: IssuedToken = {
    token: `ghs_${randomBytes(18).toString("hex")}`,
    expires_at: new Date(now + 60 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    installation_id: app.installation_id,
    permissions: asked.permissions ?? { actions: "write", contents: "write", metadata: "read" },
    repositories: asked.repositories ?? [],
    claims: { iss: claims.iss, iat: claims.iat, exp: claims.exp },
  };
  issued.push(token);
  return {
    status: 201,
    body: installationToken({
      token: token.token,
      expires_at: token.expires_at,
      permissions: token.permissions,
      repository_selection: asked.repositories === undefined ? "all" : "selected",
      repositories: token.repositories.map((name, index) => ({
        id: 5000 + index,
        name,
        full_name: `bolt-foundry/${name}`,
      })),
    }),
  };
}

/** The claims of an RS256 JWT whose signature `key` verifies, or null. */
function verifiedClaims(jwt: string, key: JsonWebKey): { iss: unknown; iat: number; exp: number } | null {
  const [header, payload, signature, ...more] = jwt.split(".");
  if (header === undefined || payload === undefined || signature === undefined || more.length > 0) return null;
  try {
    const { alg } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    if (alg !== "RS256") return null;
    const publicKey = createPublicKey({ key: key as import("node:crypto").JsonWebKey, format: "jwk" });
    const signed = Buffer.from(`${header}.${payload}`);
    if (!verify("RSA-SHA256", signed, publicKey, Buffer.from(signature, "base64url"))) return null;
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss: unknown; iat: number; exp: number };
  } catch {
    return null;
  }
}
