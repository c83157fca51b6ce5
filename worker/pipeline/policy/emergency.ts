// Emergency runs: the production workflow's internalbf-down path (`emergency: true`, a reason in
// `details`). They pass no gate here — production's reviewers are their check — but they are on the
// record: an "emergency deploy" alert at the start, and a success makes the commit live.
import type { Notification } from "../../protocol";
import type { Outcome, PipelineState } from "../model";
import { SLOT_STATUSES } from "../model";
import { alertOf, type Builder, runOf, short } from "./outcome";
import { advance, dropQueued } from "./slot";

/** Statuses an emergency run leaves alone: the live commit, and the slot (which goes on as it was). */
const KEPT = ["live", ...SLOT_STATUSES];

/** An emergency run started. */
export function onEmergencyStarted(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const actor = n.actor ?? "github";
  const reason = n.details ?? "(no reason given)";
  const run = runOf(n);
  if (state.production === null || !KEPT.includes(state.production.status)) {
    out.production(sha, "emergency", { run_id: run.run_id, run_url: run.run_url, error: null });
  }
  out.event(sha, "production", "production_emergency_started", actor, { ...run, reason });
  out.alert(
    alertOf("emergency_deploy", sha, "emergency", `Emergency deploy of ${short(sha)} by ${actor}: ${reason}`, n),
  );
  return out.done("recorded");
}

/** An emergency run reported its result. */
export function onEmergencyComplete(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const status = n.status ?? "failure";
  const actor = n.actor ?? "github";
  const run = runOf(n);
  const row = state.production;
  const startSeen = row?.status === "emergency" && row.run_id === (n.run_id ?? null);
  if (status === "success") {
    if (state.live === sha) {
      out.event(sha, "production", "production_success_repeated", actor, { ...run, emergency: true });
      return out.done("recorded");
    }
    if (state.live !== null) out.production(state.live, "retired", {});
    out.production(sha, "live", { ...(row !== null && KEPT.includes(row.status) ? {} : run), error: null });
    out.event(sha, "production", "production_live", actor, { ...run, emergency: true });
    const inSlot = state.slot !== null && state.slot.sha === sha;
    if (!startSeen) {
      out.alert(alertOf("emergency_deploy", sha, "live", `Emergency deploy: production now runs ${short(sha)}`, n));
    }
    // The commit in the slot, when another holds it, goes on as it was (its decision was taken
    // before); the emergency's commit leaves the command queue if it waited there.
    dropQueued(state, sha, out);
    // A redeploy of the commit just retired gives the slot up: what it would send is not sent.
    const redeployRetired = state.redeploying !== null && state.redeploying !== sha;
    if (redeployRetired) out.effect({ kind: "cancel_effects", sha: state.redeploying as string });
    if (inSlot || state.slot === null || redeployRetired) advance(state, sha, sha, out);
    return out.done(startSeen ? "recorded" : "alerted");
  }
  out.event(sha, "production", `production_emergency_${status}`, actor, run);
  if (startSeen) out.production(sha, "failed", { error: n.details ?? `the emergency run reported ${status}` });
  if (status === "skipped") return out.done("recorded");
  out.alert(
    alertOf(
      "emergency_deploy",
      sha,
      status,
      `Emergency deploy of ${short(sha)} ${status === "failure" ? "failed" : `was ${status}`}`,
      n,
    ),
  );
  return out.done("alerted");
}
