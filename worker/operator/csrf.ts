// CSRF for the dashboard's form posts. There is no session with Basic auth or Access, so a form
// carries a token bound to who acts and the day: an HMAC of (actor, UTC day) under a key derived
// from a secret internalbf already holds. A token of today or yesterday is good (a page left open
// over midnight still works). A browser's cross-site post is refused before the token is looked at.
import type { Config } from "../config";

const DAY_MS = 86_400_000;
const encoder = new TextEncoder();
const keys = new WeakMap<Config, Promise<CryptoKey | null>>();

/** The key: derived from ADMIN_TOKEN, else the first intake secret; null when internalbf holds neither. */
function keyOf(config: Config): Promise<CryptoKey | null> {
  let key = keys.get(config);
  if (key === undefined) {
    const secret = config.adminToken ?? config.webhookSecrets[0] ?? null;
    key =
      secret === null
        ? Promise.resolve(null)
        : crypto.subtle
            .importKey(
              "raw",
              encoder.encode(`internalbf csrf v1\n${secret}`),
              { name: "HMAC", hash: "SHA-256" },
              false,
              ["sign"],
            )
            .then((imported) => imported);
    keys.set(config, key);
  }
  return key;
}

async function tokenFor(key: CryptoKey, actor: string, day: number): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${day}\n${actor}`));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The token a form of `actor` carries today, or null when there is no key. */
export async function csrfToken(config: Config, actor: string, now = Date.now()): Promise<string | null> {
  const key = await keyOf(config);
  return key === null ? null : tokenFor(key, actor, Math.floor(now / DAY_MS));
}

/** True when `token` is `actor`'s for today or yesterday (compared in constant time). */
export async function csrfValid(config: Config, actor: string, token: string, now = Date.now()): Promise<boolean> {
  const key = await keyOf(config);
  if (key === null || !/^[0-9a-f]{64}$/.test(token)) return false;
  const today = Math.floor(now / DAY_MS);
  const expected = await Promise.all([tokenFor(key, actor, today), tokenFor(key, actor, today - 1)]);
  return expected.some((candidate) => sameText(candidate, token));
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Why a browser's post did not come from internalbf's own pages, or null when it may have: a
 * `Sec-Fetch-Site` other than same-origin, or an `Origin` other than the request's.
 */
export function crossSite(request: Request): string | null {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `a form post from another site (${site})`;
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(request.url).origin) return "a form post from another origin";
  return null;
}
