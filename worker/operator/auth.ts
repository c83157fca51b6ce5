// The operator API's other door: ADMIN_TOKEN as a bearer token (automation), or as the password of
// HTTP Basic auth (so a browser can open it, the user name saying who is acting). Compared in
// constant time.
import type { Config } from "../config";
import { HttpError } from "../http/errors";

const encoder = new TextEncoder();
// Browsers send the user name as UTF-8 when the challenge says charset="UTF-8".
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** What the ADMIN_TOKEN door admits: a Basic-auth user name as the actor, or null for a bearer token. */
export interface TokenHolder {
  readonly actor: string | null;
}

/** The holder of ADMIN_TOKEN that `header` presents; throws 401 `unauthorized` for anything else. */
export function tokenHolder(header: string | null, config: Config): TokenHolder {
  const presented = presentedCredentials(header);
  const expected = config.adminToken;
  if (expected === null || presented === null || !sameToken(presented.token, expected)) {
    throw unauthorized(unauthorizedMessage(config));
  }
  const actor = presented.user?.trim() ?? "";
  if (actor === "") return { actor: null };
  if (!isActor(actor)) {
    throw unauthorized("the Basic-auth user name is recorded as who is acting: use 1–100 printable characters");
  }
  return { actor };
}

/** A declared actor: 1–100 characters, none of them a control or format character. */
export function isActor(value: string): boolean {
  return /^[^\p{C}]{1,100}$/u.test(value) && value.trim() === value;
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, "unauthorized", message, null, {
    "www-authenticate": 'Basic realm="internalbf", charset="UTF-8"',
  });
}

function unauthorizedMessage(config: Config): string {
  const token = "send ADMIN_TOKEN as a bearer token or as the Basic-auth password (your name as the user name)";
  return config.access.state === "on" ? `sign in through Cloudflare Access, or ${token}` : token;
}

function presentedCredentials(header: string | null): { token: string; user: string | null } | null {
  if (header === null) return null;
  const [scheme, value] = header.split(" ", 2);
  if (value === undefined) return null;
  if (scheme?.toLowerCase() === "bearer") return { token: value.trim(), user: null };
  if (scheme?.toLowerCase() === "basic") {
    try {
      const decoded = decoder.decode(Uint8Array.from(atob(value.trim()), (char) => char.charCodeAt(0)));
      const colon = decoded.indexOf(":");
      return colon < 0 ? null : { token: decoded.slice(colon + 1), user: decoded.slice(0, colon) };
    } catch {
      return null;
    }
  }
  return null;
}

/** Equal length padding keeps the comparison's time independent of where the tokens differ. */
function sameToken(presented: string, expected: string): boolean {
  const a = encoder.encode(presented);
  const b = encoder.encode(expected);
  const length = Math.max(a.length, b.length);
  const left = new Uint8Array(length);
  const right = new Uint8Array(length);
  left.set(a);
  right.set(b);
  return crypto.subtle.timingSafeEqual(left, right) && a.length === b.length;
}
