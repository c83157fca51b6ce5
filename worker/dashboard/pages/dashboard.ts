// GET /: what is live, what is moving, what waits, the freeze and the hold, the controls, the recent
// deployments and the numbers; or, with `?confirm=`, one command's confirmation page.
import { type Action, chosen, movingActions, pipelineActions, rowActions, waitingActions } from "../actions";
import { confirmBody, notOffered } from "../confirm";
import { type Html, html } from "../html";
import { shell } from "../layout";
import type { CommitRecord, CommitRow, Overview, PageContext } from "../model";
import { stuckBanner, switchBanners } from "../sections/banners";
import { buttons, cannotAct } from "../sections/buttons";
import { liveSection } from "../sections/live";
import { movingSection } from "../sections/moving";
import { numbersSection } from "../sections/numbers";
import { queueSection } from "../sections/queue";
import { recentSection } from "../sections/recent";

/** What the dashboard shows. */
export interface DashboardData {
  readonly overview: Overview;
  /** The live commit's record, and the slot's. */
  readonly live: CommitRecord | null;
  readonly moving: CommitRecord | null;
  readonly rows: readonly CommitRow[];
  readonly page: { readonly cursor: string | null; readonly next: string | null };
  /** The metrics' figures over `days` (GET /metrics's body), or null when they cannot be read. */
  readonly numbers: object | null;
  readonly days: number;
}

/** Every command the dashboard offers, so a `?confirm=` is honoured only for one of them. */
export function dashboardOffers(data: DashboardData): Action[] {
  const { overview } = data;
  return [
    ...pipelineActions(overview),
    ...movingActions(overview),
    ...overview.waiting.flatMap((entry) => waitingActions(overview, entry.sha)),
    ...data.rows.flatMap((row) => rowActions(overview, row.production, row.sha)),
  ];
}

function subjectsOf(data: DashboardData): Map<string, string> {
  const subjects = new Map<string, string>();
  for (const row of data.rows) {
    const subject = row.production?.subject ?? row.staging?.subject;
    if (subject !== undefined) subjects.set(row.sha, subject);
  }
  return subjects;
}

function controls(overview: Overview, context: PageContext): Html {
  return html`<section class="panel" id="controls" aria-labelledby="controls-title"><h2 id="controls-title">Controls</h2>${cannotAct(context)}${buttons(pipelineActions(overview), context)}</section>`;
}

/** The dashboard page's HTML; `confirm` and `sha` are the URL's (a command to confirm, or null). */
export function renderDashboard(
  data: DashboardData,
  context: PageContext,
  confirm: { readonly command: string | null; readonly sha: string | null },
): string {
  if (context.viewer.csrf !== null && confirm.command !== null) {
    const action = chosen(dashboardOffers(data), confirm.command, confirm.sha);
    if (action !== null) return shell("Confirm", context, confirmBody(action, context));
  }
  const { overview } = data;
  const stale = confirm.command === null ? html`` : notOffered(confirm.command, context);
  const body = html`<h1 class="vh">internalbf</h1>${stale}${switchBanners(overview, context.now)}${stuckBanner(overview, context.now)}<div class="grid">${liveSection(overview, data.live, context)}${movingSection(overview, data.moving, context)}${queueSection(overview, subjectsOf(data), context)}</div>${controls(overview, context)}${recentSection(data.rows, overview, data.page, context)}${numbersSection(data.numbers, data.days)}`;
  return shell("Dashboard", context, body);
}
