// The operator API's door: ADMIN_TOKEN as a bearer token, or as the password of HTTP Basic auth
// (so a browser can open it). Compared in constant time.
import type { Config } from "../config";
import { HttpError } from "../http/errors";

const encoder = new TextEncoder();

/** Throws 401 unless the request carries ADMIN_TOKEN. */
export function authorize(request: Request, config: Config): void {
  const presented = presentedToken(request.headers.get("authorization"));
  const expected = config.adminToken;
  if (expected === null || presented === null || !sameToken(presented, expected)) {
    throw new HttpError(401, "unauthorized", "send ADMIN_TOKEN as a bearer token or as the Basic-auth password", null, {
      "www-authenticate": 'Basic realm="internalbf", charset="UTF-8"',
    });
  }
}

function presentedToken(header: string | null): string | null {
  if (header === null) return null;
  const [scheme, value] = header.split(" ", 2);
  if (value === undefined) return null;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") {
    try {
      const decoded = atob(value.trim());
      const colon = decoded.indexOf(":");
      return colon < 0 ? null : decoded.slice(colon + 1);
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
