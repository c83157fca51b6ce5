// The dashboard's stylesheet and script, served from internalbf itself (GET /assets/…) so the pages'
// Content-Security-Policy allows no inline code. The page names them with a hash of their text, so a
// deploy that changes them changes their URL, and a browser may keep them for a year.
import { HttpError } from "../http/errors";

const CSS = `
:root {
  color-scheme: light dark;
  --bg: #f7f7f8; --fg: #17181c; --muted: #5b5f6b; --panel: #ffffff; --line: #d9dbe1;
  --accent: #1f5fd1; --accent-fg: #ffffff; --ok: #17733a; --warn: #8a5a00; --bad: #b3261e;
  --ok-bg: #e5f4ea; --warn-bg: #fff4d6; --bad-bg: #fde8e6; --info-bg: #e7efff; --focus: #1f5fd1; --bad-fg: #ffffff;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111317; --fg: #e8e9ed; --muted: #a3a7b3; --panel: #1a1d23; --line: #343844;
    --accent: #7aa7ff; --accent-fg: #0b1020; --ok: #6fd394; --warn: #f0c35a; --bad: #ff8a80;
    --ok-bg: #15301f; --warn-bg: #3a2d0a; --bad-bg: #3d1714; --info-bg: #17233d; --focus: #9dbdff; --bad-fg: #2a0906;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--accent); }
code, .sha { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
body { overflow-wrap: break-word; }
code, .url, .wrap, td, dd, q, .who, .subject { overflow-wrap: anywhere; }
.top { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; justify-content: space-between;
  padding: 0.75rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.top .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: var(--fg); }
.top .who { color: var(--muted); font-size: 0.9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; margin: 0.25rem 0 0.75rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
h3 { font-size: 1rem; margin: 0 0 0.4rem; }
h3.group { margin: 0.5rem 0; }
#numbers .grid { grid-template-columns: repeat(auto-fit, minmax(min(100%, 15rem), 1fr)); }
#numbers .panel { padding: 0.6rem 0.8rem; background: var(--bg); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0.9rem 1rem; margin: 0 0 1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); margin-bottom: 1rem; }
.grid > .panel { margin: 0; }
.muted, .ago { color: var(--muted); }
.ago { font-size: 0.9em; }
.banner { border-radius: 8px; padding: 0.7rem 1rem; margin: 0 0 1rem; border: 1px solid var(--line); }
.banner .title { display: block; }
.big { font-size: 1.1rem; margin: 0.25rem 0 0.5rem; }
.banner.freeze, .banner.refused, .banner.stuck { background: var(--bad-bg); border-color: var(--bad); }
.banner.hold { background: var(--warn-bg); border-color: var(--warn); }
.banner.done { background: var(--ok-bg); border-color: var(--ok); }
.banner.note { background: var(--info-bg); }
.status { display: inline-block; padding: 0 0.45em; border-radius: 999px; border: 1px solid var(--line); font-size: 0.88em; white-space: nowrap; }
.status.good { color: var(--ok); border-color: var(--ok); }
.status.moving { color: var(--accent); border-color: var(--accent); }
.status.bad { color: var(--bad); border-color: var(--bad); }
.status.waiting { color: var(--warn); border-color: var(--warn); }
.stuck-mark { color: var(--bad); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0.5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
ul.plain, ol.plain { list-style: none; padding: 0; margin: 0; }
ol.plain > li, ul.plain > li { padding: 0.45rem 0; border-top: 1px solid var(--line); }
ol.plain > li:first-child, ul.plain > li:first-child { border-top: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0 0; align-items: center; }
form.trigger { display: inline; margin: 0; }
button, .button {
  font: inherit; cursor: pointer; border-radius: 6px; padding: 0.4rem 0.8rem; min-height: 2.25rem;
  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); text-decoration: none; display: inline-block;
}
button.secondary, .button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); color: var(--bad-fg); }
button:disabled { opacity: 0.5; cursor: not-allowed; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.5rem; border-top: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: 0.9rem; border-top: 0; }
.phases { font-size: 0.9em; }
.pager, .periods { display: flex; gap: 1rem; margin: 0.75rem 0 0.5rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
form.confirm label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
form.confirm input[type="text"], form.confirm input[type="datetime-local"] {
  font: inherit; width: 100%; padding: 0.45rem 0.5rem; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--fg);
}
form.confirm .hint { display: block; color: var(--muted); font-size: 0.88rem; margin-top: 0.2rem; }
form.confirm button[type="submit"] { margin-top: 1rem; }
dialog { border: 1px solid var(--line); border-radius: 10px; background: var(--panel); color: var(--fg);
  width: min(34rem, calc(100vw - 2rem)); padding: 1rem 1.1rem; }
dialog::backdrop { background: rgb(0 0 0 / 0.45); }
dialog .cancel { margin-top: 0.5rem; }
pre.detail { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0 0; font-size: 0.88em; }
@media (max-width: 44rem) {
  main { padding: 0.75rem; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 0.75rem; padding: 0.25rem 0.6rem; }
  table.cards td { border-top: 0; padding: 0.3rem 0; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.88rem; }
}
`;

const JS = `// The dashboard's one script: a command's confirmation opens as a <dialog> on the page instead of
// as its own page (which is what happens without this script).
(function () {
  "use strict";
  document.querySelectorAll("form[data-dialog]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var dialog = document.getElementById(form.getAttribute("data-dialog") || "");
      if (!dialog || typeof dialog.showModal !== "function") return;
      event.preventDefault();
      dialog.showModal();
    });
  });
  document.querySelectorAll("dialog [data-close]").forEach(function (button) {
    button.addEventListener("click", function () {
      var dialog = button.closest("dialog");
      if (dialog) dialog.close();
    });
  });
  // A command is sent once: its button is disabled while the page goes.
  document.querySelectorAll("form.confirm").forEach(function (form) {
    form.addEventListener("submit", function () {
      var submit = form.querySelector("button[type=submit]");
      if (submit) setTimeout(function () { submit.disabled = true; }, 0);
    });
  });
  // What the last command did is shown once: a reload does not show it again.
  var url = new URL(window.location.href);
  if (url.searchParams.has("done") || url.searchParams.has("refused")) {
    url.searchParams.delete("done");
    url.searchParams.delete("refused");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
})();
`;

/** FNV-1a of `text`, as 8 hex digits: enough to tell one deploy's assets from another's. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

const ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  "dashboard.css": { type: "text/css; charset=utf-8", body: CSS },
  "dashboard.js": { type: "text/javascript; charset=utf-8", body: JS },
};

/** The URLs the pages name the assets by (their content's hash in the query). */
export const ASSET_URLS = {
  css: `/assets/dashboard.css?v=${hashOf(CSS)}`,
  js: `/assets/dashboard.js?v=${hashOf(JS)}`,
} as const;

/** GET /assets/{name}: the stylesheet or the script; 404 for any other name. */
export function assetResponse(name: string): Response {
  const found = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (found === undefined) throw new HttpError(404, "not_found", `no asset ${name}`);
  return new Response(found.body, {
    headers: {
      "content-type": found.type,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
