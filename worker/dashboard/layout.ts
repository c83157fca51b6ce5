// The page shell every dashboard page shares (head, top bar, the last command's banner) and the
// headers it is served with: a Content-Security-Policy with no inline code, nothing cached.
import { ASSET_URLS } from "./assets";
import { type Html, html } from "./html";
import type { PageContext, Viewer } from "./model";
import { flashBanner } from "./sections/banners";

/** The pages' policy: only internalbf's own script and stylesheet, forms only to internalbf. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Every page's headers. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

/** What the shell needs: who is looking (null when not known: a refused sign-in), the repository, the last command's outcome. */
export interface ShellContext {
  readonly viewer: Viewer | null;
  readonly repository: string;
  readonly flash: PageContext["flash"];
}

/** Who the top bar says is looking. */
function who(viewer: Viewer | null): Html {
  if (viewer === null) return html``;
  if (viewer.actor === null) return html`<span class="who">reading with the admin token (no name: reading only)</span>`;
  return html`<span class="who">acting as <strong>${viewer.actor}</strong> (${viewer.via === "access" ? "Access" : "admin token"})</span>`;
}

/** A whole page: `title`, the top bar, the last command's banner, then `body`. */
export function shell(title: string, context: ShellContext, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title} · internalbf</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_URLS.css}">
<script src="${ASSET_URLS.js}" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/">internalbf</a><span class="muted">${context.repository}</span>${who(context.viewer)}</header>
<main>
${flashBanner(context.flash)}${body}
</main>
</body>
</html>
`.text;
}

/** A page as a response with the pages' headers. */
export function pageResponse(text: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...PAGE_HEADERS, ...headers } });
}
