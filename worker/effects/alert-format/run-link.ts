// When a notification's run URL may be shown as a link: a run URL is the sender's word, and a
// link is where a reader clicks, so only GitHub's own pages qualify; anything else is text.

/**
 * `runUrl` when it may be a link: well formed (its own `href`, so what is shown is what is opened),
 * https, and under `serverUrl` (GITHUB_SERVER_URL, same origin and path); else null. With no valid
 * server URL (null), nothing is a link.
 */
export function runLink(runUrl: string, serverUrl: string | null): string | null {
  if (serverUrl === null) return null;
  let url: URL;
  let server: URL;
  try {
    url = new URL(runUrl);
    server = new URL(serverUrl);
  } catch {
    return null;
  }
  if (url.href !== runUrl || url.protocol !== "https:" || server.protocol !== "https:") return null;
  // An origin leaves out user-info: `https://github.com@…` is refused by the origin, `https://x@github.com/…` here.
  if (url.origin !== server.origin || url.username !== "" || url.password !== "") return null;
  const base = server.pathname.endsWith("/") ? server.pathname : `${server.pathname}/`;
  return url.pathname.startsWith(base) ? runUrl : null;
}
