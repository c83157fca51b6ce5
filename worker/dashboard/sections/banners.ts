// The banners at the top of a page: what the last command did (or why it was refused), a freeze, a
// hold, and the deployments that are stuck.

import { short, time, utc, words } from "../format";
import { type Html, html } from "../html";
import { commitPath, link } from "../links";
import type { Overview, PageContext, SwitchView } from "../model";

/** A command's decision, as the banner says it. */
const DONE: Readonly<Record<string, string>> = {
  dispatch_queued: "Dispatch queued: GitHub is asked to run production.",
  waiting_for_slot: "Waiting for the slot: it goes when the deployment in production's slot is done.",
  frozen: "Frozen: nothing is promoted but by rollback or emergency.",
  unfrozen: "Unfrozen.",
  on_hold: "Automatic promotion is on hold.",
  released: "The hold is released: automatic promotion resumes.",
  blocked: "Blocked: the commit is never promoted (but by an emergency).",
  unblocked: "Unblocked: the commit is held, and may be promoted again.",
  abandoned: "Abandoned: the slot is free and the queue moves on.",
  no_change: "Nothing changed: it was already so.",
};

/** `?done=` or `?refused=` after a form post, as a banner (a live region, so it is read out). */
export function flashBanner(flash: PageContext["flash"]): Html {
  if (flash === null) return html``;
  if ("done" in flash) {
    return html`<div class="banner done" role="status"><strong class="title">Done</strong>${DONE[flash.done] ?? words(flash.done)}</div>\n`;
  }
  return html`<div class="banner refused" role="alert"><strong class="title">Refused</strong>${flash.refused}</div>\n`;
}

function switchLine(value: SwitchView, now: number): Html {
  const until =
    value.until === null ? html`` : html`, until <time datetime="${value.until}">${utc(value.until)}</time>`;
  return html`by <strong>${value.actor}</strong>${value.via === null ? "" : ` (${value.via})`} since ${time(value.since, now)}${until}: <q>${value.reason}</q>`;
}

/** The freeze and the hold, when on. */
export function switchBanners(overview: Overview, now: number): Html {
  return html`${
    overview.frozen === null
      ? ""
      : html`<div class="banner freeze" id="frozen"><strong class="title">Frozen: nothing is promoted but by rollback or emergency</strong>${switchLine(overview.frozen, now)}</div>\n`
  }${
    overview.on_hold === null
      ? ""
      : html`<div class="banner hold" id="on-hold"><strong class="title">Automatic promotion is on hold</strong>${switchLine(overview.on_hold, now)}</div>\n`
  }`;
}

/** The deployments that stopped moving, each with a link to its page. */
export function stuckBanner(overview: Overview, now: number): Html {
  if (overview.stuck.length === 0) return html``;
  const items = overview.stuck.map(
    (row) =>
      html`<li>${link(commitPath(row.sha), html`<span class="sha">${short(row.sha)}</span>`, row.sha)} in ${row.environment}, ${words(row.status)}, not moved since ${time(row.since, now)}${row.repeats > 0 ? ` (found again ${row.repeats}×)` : ""}</li>`,
  );
  return html`<div class="banner stuck" id="stuck"><strong class="title">Stuck: ${overview.stuck.length === 1 ? "a deployment has" : `${overview.stuck.length} deployments have`} stopped moving</strong><ul>${items}</ul></div>\n`;
}
