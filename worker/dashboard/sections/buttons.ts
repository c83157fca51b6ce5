// A command's button and its confirmation. The button is a one-field GET form to the page's own URL
// with `?confirm=` (the confirmation page, without JavaScript); the script opens the <dialog>
// rendered beside it instead. A viewer who names no one sees the buttons disabled, and why.
import { type Action, COMMANDS } from "../actions";
import { confirmForm } from "../confirm";
import { short } from "../format";
import { type Html, html } from "../html";
import type { PageContext } from "../model";

/** The dialog's id for `action` (commands and SHAs are plain words and hex). */
export function dialogId(action: Action): string {
  return `confirm-${action.command}-${action.sha ?? "pipeline"}`;
}

/** The query of the confirmation page of `action` on the page at `back`. */
function hiddenQuery(back: string, action: Action): Html {
  const url = new URL(back, "https://internalbf.invalid");
  const fields: [string, string][] = [...url.searchParams].filter(([key]) => key !== "confirm" && key !== "sha");
  fields.push(["confirm", action.command]);
  if (action.sha !== null) fields.push(["sha", action.sha]);
  return html`${fields.map(([key, value]) => html`<input type="hidden" name="${key}" value="${value}">`)}`;
}

/** One button (with its dialog) for `action`. */
function button(action: Action, context: PageContext): Html {
  const spec = COMMANDS[action.command];
  const label = html`${spec.label}${action.sha === null ? "" : html`<span class="vh"> ${short(action.sha)}</span>`}`;
  // Promote and retry are the usual way forward (filled); danger is red; the rest are outlined.
  const tone =
    spec.danger === true ? "danger" : action.command === "promote" || action.command === "retry" ? null : "secondary";
  const kind = tone === null ? "" : html` class="${tone}"`;
  if (context.viewer.csrf === null) return html`<button type="button"${kind} disabled>${label}</button>`;
  const id = dialogId(action);
  const path = new URL(context.back, "https://internalbf.invalid").pathname;
  return html`<form class="trigger" method="get" action="${path}" data-dialog="${id}">${hiddenQuery(context.back, action)}<button type="submit"${kind}>${label}</button></form><dialog id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${spec.title(action.sha)}</h2>${confirmForm(action, context, id)}<button type="button" class="secondary cancel" data-close>Cancel</button></dialog>`;
}

/** Why the buttons are disabled, when they are. */
export function cannotAct(context: PageContext): Html {
  if (context.viewer.csrf !== null) return html``;
  const why =
    context.viewer.actor === null
      ? "sign in with Basic auth (your name as user) or Access to act"
      : "internalbf holds no secret to sign its forms with (set ADMIN_TOKEN): use the API to act";
  return html`<p class="muted note-act">${why}</p>`;
}

/** The buttons of `actions`, in a row; nothing when there are none. */
export function buttons(actions: readonly Action[], context: PageContext): Html {
  if (actions.length === 0) return html``;
  return html`<div class="actions">${actions.map((action) => button(action, context))}</div>`;
}
