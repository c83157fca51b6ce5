// The one URL rule of the worker and the action: https anywhere, plain http only on loopback.

/** True for a loopback host name as the URL parser gives it: 127.0.0.0/8, localhost, [::1]. */
export function isLoopback(hostname: string): boolean {
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/.test(hostname);
}

/** Why `value` may not be used as a URL to call, or null when it may: https, or http on loopback, no credentials. */
export function urlRefusal(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.username !== "" || url.password !== "") return "must not carry credentials (user:password@)";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return null;
  return "must use https (plain http is allowed on loopback only: 127.0.0.0/8, ::1, localhost)";
}

/** https anywhere, or http on loopback (local development and tests), and no credentials. */
export function isAllowedUrl(value: string): boolean {
  return urlRefusal(value) === null;
}

/**
 * `text` with the user-info part of every URL in it replaced by `***`, so a message that quotes a
 * URL never prints a credential (parsed or not: `scheme://user:pass@host`).
 */
export function redactUserinfo(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#\s@]*@/g, "$1***@");
}
