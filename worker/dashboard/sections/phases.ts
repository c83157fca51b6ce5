// A live deployment's phases: how long staging, the wait for the slot, the reviewers and production
// took, the total, and the figure held against the budget (the total less the review wait).
import { duration } from "../format";
import { type Html, html } from "../html";
import type { DeploymentView } from "../model";

/** The phases as one short line; nothing before the commit is live. */
export function phasesLine(production: DeploymentView | null): Html {
  const phases = production?.phases;
  if (phases === undefined) return html``;
  return html`<span class="phases">staging ${duration(phases.staging_s)} · waiting ${duration(phases.waiting_s)} · review ${duration(phases.review_s)} · production ${duration(phases.production_s)} · <strong>total ${duration(phases.total_s)}</strong> (budget ${duration(phases.budget_s)})</span>`;
}

/** The phases as a table of their own (a commit's page). */
export function phasesTable(production: DeploymentView | null): Html {
  const phases = production?.phases;
  if (phases === undefined) return html`<p class="muted">Phases are timed once the commit is live in production.</p>`;
  const rows: [string, number | null][] = [
    ["Staging", phases.staging_s],
    ["Waiting for the slot", phases.waiting_s],
    ["Waiting for review", phases.review_s],
    ["Production run", phases.production_s],
    ["Total", phases.total_s],
    ["Held against the budget (total less review)", phases.budget_s],
  ];
  return html`<dl class="facts">${rows.map(([label, seconds]) => html`<dt>${label}</dt><dd>${duration(seconds)}</dd>`)}</dl>`;
}
