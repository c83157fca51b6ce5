// GET /deployments/{sha} for a browser: both environments, the commands that apply, the phases, the
// open effects and the whole audit trail; or, with `?confirm=`, one command's confirmation page.
import { chosen, commitActions } from "../actions";
import { confirmBody, notOffered } from "../confirm";
import { short } from "../format";
import { html } from "../html";
import { shell } from "../layout";
import type { CommitRecord, Overview, PageContext } from "../model";
import { auditSection } from "../sections/audit";
import { switchBanners } from "../sections/banners";
import { buttons, cannotAct } from "../sections/buttons";
import { effectsSection } from "../sections/effects";
import { environmentsSection } from "../sections/environments";
import { phasesTable } from "../sections/phases";

/** The commit page's HTML. */
export function renderCommit(
  record: CommitRecord,
  overview: Overview,
  context: PageContext,
  confirm: { readonly command: string | null },
): string {
  const offered = commitActions(record, overview);
  if (context.viewer.csrf !== null && confirm.command !== null) {
    const action = chosen(offered, confirm.command, record.sha);
    if (action !== null) return shell(`Confirm · ${short(record.sha)}`, context, confirmBody(action, context));
  }
  const subject = record.production?.subject ?? record.staging?.subject;
  const live = overview.live === record.sha ? html` <span class="status good">live now</span>` : "";
  const body = html`<p><a href="/">← Dashboard</a></p>${confirm.command === null ? "" : notOffered(confirm.command, context)}${switchBanners(overview, context.now)}<h1><code class="sha">${short(record.sha)}</code>${subject === undefined ? "" : html` ${subject}`}${live}</h1><p class="muted"><code class="sha">${record.sha}</code></p><section class="panel" id="commands" aria-labelledby="commands-title"><h2 id="commands-title">Commands</h2>${cannotAct(context)}${buttons(offered, context)}</section>${environmentsSection(record, context)}<section class="panel" id="phases" aria-labelledby="phases-title"><h2 id="phases-title">Phases</h2>${phasesTable(record.production)}</section>${effectsSection(record.effects, context)}${auditSection(record.events, context)}`;
  return shell(short(record.sha), context, body);
}
