// Where the dashboard may link: internalbf's own pages, and https pages that are exactly what they
// say (a URL is shown as text otherwise). A run URL is the sender's word, so it is a link only
// under GITHUB_SERVER_URL, as in alerts (worker/effects/alert-format/run-link.ts).
import { runLink } from "../effects/alert-format/run-link";
import { type Html, html } from "./html";

/** `path` when it is a path of this origin (`/…`, never `//…` or `/\…`), else null. */
export function ownPath(path: string): string | null {
  return /^\/(?![/\\])[^\s\\]*$/.test(path) ? path : null;
}

/** `url` when it is well formed (its own href), https, and carries no user name or password; else null. */
export function httpsUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const plain = parsed.href === url && parsed.protocol === "https:" && parsed.username === "" && parsed.password === "";
  return plain ? url : null;
}

/** The commit's page on internalbf. */
export function commitPath(sha: string): string {
  return `/deployments/${encodeURIComponent(sha)}`;
}

/** A link to `href` when it may be one (see ownPath, httpsUrl), else the text alone. */
export function link(href: string, text: string | Html, title?: string): Html {
  const safe = ownPath(href) ?? httpsUrl(href);
  if (safe === null) return html`<span>${text}</span>`;
  return html`<a href="${safe}"${title === undefined ? "" : html` title="${title}"`}>${text}</a>`;
}

/** A run: a link to its page when runLink allows it, else its URL as text (wrapped), else its id. */
export function runRef(runUrl: string | null, runId: number | null, serverUrl: string | null): Html {
  const label = runId === null ? "run" : `run ${runId}`;
  if (runUrl === null) return runId === null ? html`` : html`<span>${label}</span>`;
  const href = runLink(runUrl, serverUrl) ?? null;
  if (href === null || httpsUrl(href) === null) return html`<span>${label}</span> <code class="url">${runUrl}</code>`;
  return html`<a href="${href}" rel="noreferrer">${label}</a>`;
}
