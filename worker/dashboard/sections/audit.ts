// A commit's whole audit trail, oldest first: when, where, what, who (and how they reached
// internalbf), why, and the event's details; every value as text.
import { time, words } from "../format";
import { type Html, html } from "../html";
import { runRef } from "../links";
import type { PageContext, RecordEvent } from "../model";

function value(text: unknown): Html {
  if (typeof text === "string") return html`<span class="wrap">${text}</span>`;
  if (typeof text === "number" || typeof text === "boolean") return html`${String(text)}`;
  return html`<pre class="detail">${JSON.stringify(text, null, 2)}</pre>`;
}

/** An event's details: its fields that say something, a run as a run reference. */
export function detailOf(detail: unknown, context: PageContext): Html {
  if (detail === null || typeof detail !== "object" || Array.isArray(detail)) {
    return detail === null || detail === undefined ? html`` : value(detail);
  }
  const fields = Object.entries(detail as Record<string, unknown>).filter(
    ([key, field]) => field !== null && field !== undefined && key !== "run_id" && key !== "run_url",
  );
  const { run_id: runId, run_url: runUrl } = detail as { run_id?: unknown; run_url?: unknown };
  const run =
    typeof runUrl === "string" || typeof runId === "number"
      ? runRef(
          typeof runUrl === "string" ? runUrl : null,
          typeof runId === "number" ? runId : null,
          context.githubServerUrl,
        )
      : null;
  if (fields.length === 0 && run === null) return html``;
  return html`<dl class="facts">${run === null ? "" : html`<dt>run</dt><dd>${run}</dd>`}${fields.map(([key, field]) => html`<dt>${words(key)}</dt><dd>${value(field)}</dd>`)}</dl>`;
}

/** The audit trail section. */
export function auditSection(events: readonly RecordEvent[], context: PageContext): Html {
  const body =
    events.length === 0
      ? html`<p class="muted">No events.</p>`
      : html`<table class="cards"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Why</th><th scope="col">Details</th></tr></thead><tbody>${events.map(
          (event) =>
            html`<tr><td data-label="When">${time(event.at, context.now)}</td><td data-label="What"><strong>${words(event.kind)}</strong>${event.environment === null ? "" : html` <span class="muted">${event.environment}</span>`}</td><td data-label="Who"><span class="actor">${event.actor}</span>${event.via === null ? "" : html` <span class="muted">via ${event.via}</span>`}</td><td data-label="Why">${event.reason === null ? html`<span class="muted">—</span>` : html`<q class="reason">${event.reason}</q>`}</td><td data-label="Details">${detailOf(event.detail, context)}</td></tr>`,
        )}</tbody></table>`;
  return html`<section class="panel" id="audit" aria-labelledby="audit-title"><h2 id="audit-title">Audit trail</h2>${body}</section>`;
}
