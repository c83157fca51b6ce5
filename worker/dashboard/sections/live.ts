// What production runs now: the commit, since when, by which run.
import { short, time } from "../format";
import { type Html, html } from "../html";
import { commitPath, link, runRef } from "../links";
import type { CommitRecord, Overview, PageContext } from "../model";
import { phasesLine } from "./phases";

/** When `record` went live: its last production_live event, else when its row last changed. */
export function liveSince(record: CommitRecord | null): string | null {
  if (record === null) return null;
  const event = record.events.findLast((candidate) => candidate.kind === "production_live");
  return event?.at ?? record.production?.updated_at ?? null;
}

/** A commit's name on a page: its short SHA (linked to its page), the full SHA as the title, its subject. */
export function commitName(sha: string, subject: string | undefined): Html {
  return html`${link(commitPath(sha), html`<code class="sha">${short(sha)}</code>`, sha)}${subject === undefined ? "" : html` <span class="subject">${subject}</span>`}`;
}

/** The live section. */
export function liveSection(overview: Overview, record: CommitRecord | null, context: PageContext): Html {
  if (overview.live === null) {
    return html`<section class="panel" id="live" aria-labelledby="live-title"><h2 id="live-title">Live in production</h2><p class="muted">Nothing yet: no commit has gone live through internalbf.</p></section>`;
  }
  const production = record?.production ?? null;
  const since = liveSince(record);
  return html`<section class="panel" id="live" aria-labelledby="live-title"><h2 id="live-title">Live in production</h2><p class="big">${commitName(overview.live, production?.subject)}</p><dl class="facts">${since === null ? "" : html`<dt>Since</dt><dd>${time(since, context.now)}</dd>`}<dt>Run</dt><dd>${production === null ? "—" : runRef(production.run_url, production.run_id, context.githubServerUrl)}</dd>${production?.phases === undefined ? "" : html`<dt>Took</dt><dd>${phasesLine(production)}</dd>`}</dl></section>`;
}
