// A commit's effects that are not done: dispatches, compares and alerts pending, in flight or failed.
import { time } from "../format";
import { type Html, html } from "../html";
import type { PageContext, RecordEffect } from "../model";
import { badge } from "../status";

/** The open effects section; nothing when every effect is done. */
export function effectsSection(effects: readonly RecordEffect[] | undefined, context: PageContext): Html {
  const open = (effects ?? []).filter((effect) => effect.state !== "done");
  if (open.length === 0) return html``;
  return html`<section class="panel" id="effects" aria-labelledby="effects-title"><h2 id="effects-title">Pending or failed effects</h2><ul class="plain">${open.map(
    (effect) =>
      html`<li><strong>${effect.kind}</strong> ${badge(effect.state === "failed" ? "failed" : effect.state)} <span class="muted">${effect.attempts} attempt${effect.attempts === 1 ? "" : "s"}, ${effect.state === "failed" ? "since" : "due"} ${time(effect.due_at, context.now)}</span>${effect.last_error === null ? "" : html`<br><span class="wrap">${effect.last_error}</span>`}</li>`,
  )}</ul></section>`;
}
