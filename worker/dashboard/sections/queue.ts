// The queue: the commits waiting for production's slot, in the order they would go.
import { waitingActions } from "../actions";
import { type Html, html } from "../html";
import type { Overview, PageContext } from "../model";
import { badge } from "../status";
import { buttons } from "./buttons";
import { commitName } from "./live";

/** The queue section; `subjects` names the commits the page knows the subject of. */
export function queueSection(overview: Overview, subjects: ReadonlyMap<string, string>, context: PageContext): Html {
  const waiting = overview.waiting;
  const body =
    waiting.length === 0
      ? html`<p class="muted">Nothing is waiting.</p>`
      : html`<ol class="plain">${waiting.map(
          (entry, index) =>
            html`<li><span class="muted">${index + 1}.</span> ${commitName(entry.sha, subjects.get(entry.sha))} ${badge(entry.status)}${buttons(waitingActions(overview, entry.sha), context)}</li>`,
        )}</ol>`;
  return html`<section class="panel" id="queue" aria-labelledby="queue-title"><h2 id="queue-title">Waiting${waiting.length === 0 ? "" : ` (${waiting.length})`}</h2>${body}</section>`;
}
