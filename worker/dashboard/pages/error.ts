// A refused page as a person sees it: the status, the message, and for an ambiguous prefix the
// commits it could mean, each a link. Served with the error's own status and headers (a 401 keeps
// its Basic challenge).
import { type Html, html } from "../html";
import { type ShellContext, shell } from "../layout";
import { commitPath, link } from "../links";

/** The error page's HTML. */
export function renderError(
  error: {
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly matches?: readonly string[];
  },
  context: ShellContext,
): string {
  const matches: Html =
    error.matches === undefined || error.matches.length === 0
      ? html``
      : html`<ul>${error.matches.map((sha) => html`<li>${link(commitPath(sha), html`<code class="sha">${sha}</code>`)}</li>`)}</ul>`;
  return shell(
    `${error.status}`,
    context,
    html`<section class="panel"><h1>${error.status}: ${error.code.replaceAll("_", " ")}</h1><p class="wrap">${error.message}</p>${matches}<p><a href="/">Back to the dashboard</a></p></section>`,
  );
}
