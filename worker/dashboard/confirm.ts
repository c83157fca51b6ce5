// A command's confirmation: one form with one required `reason` and one submit button, posting
// (urlencoded) to the command's own route with the viewer's CSRF token and the page to go back to.
// The same form is a <dialog> on the page and, without JavaScript, a page of its own (?confirm=).
import { type Action, COMMANDS } from "./actions";
import { type Html, html } from "./html";
import { link } from "./links";
import type { PageContext } from "./model";

/** The form of `action`; `id` prefixes its fields' ids (one page may hold several such forms). */
export function confirmForm(action: Action, context: PageContext, id: string): Html {
  const spec = COMMANDS[action.command];
  const until =
    action.command === "freeze"
      ? html`<label for="${id}-until">Until (optional)</label><input type="datetime-local" id="${id}-until" name="until" aria-describedby="${id}-until-hint"><span class="hint" id="${id}-until-hint">Read as UTC, not your local time. Empty: until someone unfreezes.</span>`
      : "";
  const to =
    action.command === "rollback" && action.sha !== null
      ? html`<input type="hidden" name="to" value="${action.sha}">`
      : "";
  const method = spec.method === "DELETE" ? html`<input type="hidden" name="_method" value="DELETE">` : "";
  return html`<form class="confirm" method="post" action="${spec.path(action.sha)}"><p>${spec.explain(action.sha)}</p><input type="hidden" name="csrf" value="${context.viewer.csrf ?? ""}"><input type="hidden" name="back" value="${context.back}">${method}${to}${until}<label for="${id}-reason">Reason (required, goes on the record)</label><input type="text" id="${id}-reason" name="reason" required maxlength="1000" autocomplete="off" autofocus><button type="submit"${spec.danger === true ? html` class="danger"` : ""}>${spec.label}</button></form>`;
}

/** The confirmation as a page's body (no JavaScript): the form, and a way back. */
export function confirmBody(action: Action, context: PageContext): Html {
  const spec = COMMANDS[action.command];
  return html`<section class="panel" aria-labelledby="confirm-title"><h1 id="confirm-title">${spec.title(action.sha)}</h1>${confirmForm(action, context, "confirm")}<p>${link(context.back, "Cancel: back to the page")}</p></section>`;
}

/** A confirmation asked for on the URL that the page does not offer (any more). */
export function notOffered(confirm: string, context: PageContext): Html {
  return html`<div class="banner note" role="status"><strong class="title">${confirm} does not apply here now</strong>The page may be out of date: here it is as it stands. ${link(context.back, "Reload")}</div>\n`;
}
