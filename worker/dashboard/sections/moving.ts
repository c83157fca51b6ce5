// What is moving: the commit in production's one slot, its status and run, what GitHub holds it
// for (reviewers, the concurrency group), whether it is stuck.
import { movingActions } from "../actions";
import { time } from "../format";
import { type Html, html } from "../html";
import { runRef } from "../links";
import type { CommitRecord, Overview, PageContext } from "../model";
import { badge } from "../status";
import { buttons } from "./buttons";
import { commitName } from "./live";

/** The moving section: the slot's commit (the overview's in_flight), with the record's review and stuck marks. */
export function movingSection(overview: Overview, record: CommitRecord | null, context: PageContext): Html {
  const slot = overview.in_flight;
  if (slot === null) {
    return html`<section class="panel" id="moving" aria-labelledby="moving-title"><h2 id="moving-title">Moving</h2><p class="muted">Production's slot is free.</p></section>`;
  }
  const production = record?.production ?? null;
  const stuck = overview.stuck.find((row) => row.sha === slot.sha && row.environment === "production");
  return html`<section class="panel" id="moving" aria-labelledby="moving-title"><h2 id="moving-title">Moving</h2><p class="big">${commitName(slot.sha, production?.subject)}</p><dl class="facts"><dt>Status</dt><dd>${badge(slot.status)}${production?.review === undefined ? "" : html` <strong class="review">${production.review}</strong>`}${stuck === undefined ? "" : html` <span class="stuck-mark">stuck since ${time(stuck.since, context.now)}</span>`}</dd><dt>Run</dt><dd>${slot.run_url === null && slot.run_id === null ? html`<span class="muted">not started yet</span>` : runRef(slot.run_url, slot.run_id, context.githubServerUrl)}</dd>${production === null ? "" : html`<dt>Updated</dt><dd>${time(production.updated_at, context.now)}</dd>`}</dl>${buttons(movingActions(overview), context)}</section>`;
}
