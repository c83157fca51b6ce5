// Recent deployments: a commit a row, its status in each environment with its run, its phases, a
// link to its page; paged by the list's cursor. On a narrow screen each row is a card.
import { rowActions } from "../actions";
import { time } from "../format";
import { type Html, html } from "../html";
import { runRef } from "../links";
import type { CommitRow, DeploymentView, Overview, PageContext } from "../model";
import { badge } from "../status";
import { buttons } from "./buttons";
import { commitName } from "./live";
import { phasesLine } from "./phases";

function environmentCell(view: DeploymentView | null, label: string, stuck: boolean, context: PageContext): Html {
  if (view === null) return html`<td data-label="${label}"><span class="muted">—</span></td>`;
  return html`<td data-label="${label}">${badge(view.status)}${view.review === undefined ? "" : html` <strong class="review">${view.review}</strong>`}${stuck ? html` <span class="stuck-mark">stuck</span>` : ""} ${runRef(view.run_url, view.run_id, context.githubServerUrl)}<br>${time(view.updated_at, context.now)}</td>`;
}

function row(commit: CommitRow, overview: Overview, context: PageContext): Html {
  const stuck = (environment: string) =>
    overview.stuck.some((entry) => entry.sha === commit.sha && entry.environment === environment);
  const subject = commit.production?.subject ?? commit.staging?.subject;
  const actions = rowActions(overview, commit.production, commit.sha);
  return html`<tr><td data-label="Commit">${commitName(commit.sha, subject)}</td>${environmentCell(commit.staging, "Staging", stuck("staging"), context)}${environmentCell(commit.production, "Production", stuck("production"), context)}<td data-label="Phases">${commit.production?.phases === undefined ? html`<span class="muted">—</span>` : phasesLine(commit.production)}${buttons(actions, context)}</td></tr>`;
}

/** The recent section: `rows` newest first; `cursor` this page's, `next` the next page's (null: the last). */
export function recentSection(
  rows: readonly CommitRow[],
  overview: Overview,
  page: { readonly cursor: string | null; readonly next: string | null },
  context: PageContext,
): Html {
  const pager = html`<nav class="pager" aria-label="Pages of deployments">${page.cursor === null ? "" : html`<a href="/">Newest</a>`}${page.next === null ? "" : html`<a href="/?cursor=${page.next}" rel="next">Older</a>`}</nav>`;
  if (rows.length === 0) {
    return html`<section class="panel" id="recent" aria-labelledby="recent-title"><h2 id="recent-title">Recent deployments</h2><p class="muted">No deployments recorded${page.cursor === null ? " yet" : " before these"}.</p>${pager}</section>`;
  }
  return html`<section class="panel" id="recent" aria-labelledby="recent-title"><h2 id="recent-title">Recent deployments</h2><table class="cards"><thead><tr><th scope="col">Commit</th><th scope="col">Staging</th><th scope="col">Production</th><th scope="col">Phases</th></tr></thead><tbody>${rows.map((commit) => row(commit, overview, context))}</tbody></table>${pager}</section>`;
}
