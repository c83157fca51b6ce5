// A commit's deployment in each environment: status, run, what went wrong, what GitHub holds it for.
import { time } from "../format";
import { type Html, html } from "../html";
import { runRef } from "../links";
import type { CommitRecord, DeploymentView, PageContext } from "../model";
import { badge } from "../status";

function card(title: string, view: DeploymentView | null, context: PageContext): Html {
  const id = `env-${title.toLowerCase()}`;
  if (view === null) {
    return html`<section class="panel" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2><p class="muted">Not deployed here.</p></section>`;
  }
  return html`<section class="panel" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2><dl class="facts"><dt>Status</dt><dd>${badge(view.status)}${view.review === undefined ? "" : html` <strong class="review">${view.review}</strong>`}</dd>${view.stuck_since === undefined ? "" : html`<dt>Stuck</dt><dd class="stuck-mark">since ${time(view.stuck_since, context.now)}${view.stuck_repeats === undefined || view.stuck_repeats === 0 ? "" : ` (found again ${view.stuck_repeats}×)`}</dd>`}<dt>Run</dt><dd>${view.run_url === null && view.run_id === null ? "—" : runRef(view.run_url, view.run_id, context.githubServerUrl)}</dd>${view.dispatch_id === null ? "" : html`<dt>Dispatch</dt><dd><code>${view.dispatch_id}</code></dd>`}<dt>Updated</dt><dd>${time(view.updated_at, context.now)}</dd>${view.error === null ? "" : html`<dt>Error</dt><dd class="wrap">${view.error}</dd>`}</dl></section>`;
}

/** Both environments, side by side where there is room. */
export function environmentsSection(record: CommitRecord, context: PageContext): Html {
  return html`<div class="grid">${card("Staging", record.staging, context)}${card("Production", record.production, context)}</div>`;
}
