// Production's results. A result counts only when it comes from the run on the commit's record
// (even after the slot moved on: a run given up that did deploy still makes its commit live) or
// from an emergency run; any other is recorded, alerted, and changes nothing else.
import type { Notification } from "../../protocol";
import type { AlertKind, Outcome, PipelineState } from "../model";
import { alertOf, type Builder, runOf, short } from "./outcome";
import { advance, dropQueued } from "./slot";
import { holdBySystem } from "./switches";

/** A production run reported its result. Emergency runs are handled before this. */
export function onProductionComplete(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const status = n.status ?? "failure";
  const run = runOf(n);
  const actor = n.actor ?? "github";
  const row = state.production;
  const inSlot = state.slot !== null && state.slot.sha === sha;
  // The run on the record; where GitHub reported no run id, the one carrying the decision's dispatch id.
  const ours =
    row !== null &&
    (row.run_id !== null ? n.run_id === row.run_id : row.dispatch_id !== null && n.dispatch_id === row.dispatch_id);
  const runRecorded = row?.run_id !== null;

  if (!ours) {
    out.event(sha, "production", `production_${status}_ignored`, actor, {
      ...run,
      dispatch_id: n.dispatch_id ?? null,
      recorded_run_id: row?.run_id ?? null,
    });
    // A run stopped at the gate reports `skipped`: it deployed nothing, and its refusal is on the record.
    if (status === "skipped") return out.done("recorded");
    out.alert(
      alertOf(
        "production_result_ignored",
        sha,
        status,
        `A production ${status} for ${short(sha)} from run ${n.run_id ?? "(none)"} was ignored: it is not the run on the record (${row?.run_id ?? "none"})`,
        n,
      ),
    );
    return out.done("alerted");
  }

  if (status === "success") {
    // A repeated report (a report job re-run) never brings a replaced commit back.
    if (row?.status === "live" || row?.status === "retired") {
      out.event(sha, "production", "production_success_repeated", actor, run);
      return out.done("recorded");
    }
    if (state.live !== null && state.live !== sha) out.production(state.live, "retired", {});
    out.production(sha, "live", {
      // Found by its dispatch id: its run id goes on the record now.
      ...(runRecorded ? {} : { run_id: run.run_id, run_url: run.run_url }),
      error: null,
    });
    out.event(sha, "production", "production_live", actor, run);
    dropQueued(state, sha, out);
    if (inSlot) return advance(state, sha, sha, out).done("recorded");
    out.alert(
      alertOf(
        "late_production_result",
        sha,
        "live",
        `Production now runs ${short(sha)}: its run ${n.run_id ?? ""} deployed after internalbf had given it up (${row?.status ?? "none"})`,
        n,
      ),
    );
    // The slot, when another commit holds it, goes on; a free slot takes the next waiting commit.
    // A redeploy of the commit just retired gives the slot up: what it would send is not sent.
    const redeployRetired = state.redeploying !== null && state.redeploying !== sha;
    if (redeployRetired) out.effect({ kind: "cancel_effects", sha: state.redeploying as string });
    if (state.slot !== null && !redeployRetired) return out.done("alerted");
    return advance(state, sha, sha, out).done("alerted");
  }

  if (!inSlot) {
    out.event(sha, "production", `production_${status}_late`, actor, run);
    if (status === "skipped") return out.done("recorded");
    out.alert(
      alertOf(
        "late_production_result",
        sha,
        status,
        `A production run of ${short(sha)} that internalbf had given up (${row?.status ?? "none"}) reported ${status}`,
        n,
      ),
    );
    return out.done("alerted");
  }
  out.production(sha, "failed", { error: n.details ?? `production reported ${status}` });
  out.event(sha, "production", `production_${status}`, actor, run);
  const kind: AlertKind = status === "failure" ? "production_failure" : "production_cancelled";
  const what = `Production ${status === "failure" ? "failed" : `was ${status}`} for ${short(sha)}`;
  const held = holdAfterFailure(state, what, sha, out);
  out.alert(alertOf(kind, sha, status, held.summary, n));
  return advance(held.state, state.live, sha, out).done("alerted");
}

/**
 * Stop the line after a production failure (HOLD_ON_PRODUCTION_FAILURE): a person decides what goes
 * next. The state to advance with, and the alert's summary naming the commands.
 */
export function holdAfterFailure(
  state: PipelineState,
  what: string,
  sha: string,
  out: Builder,
): { state: PipelineState; summary: string } {
  if (!state.holdOnFailure) return { state, summary: what };
  if (!state.onHold) holdBySystem(state.now, what, { reason: what, sha }, out);
  return {
    state: { ...state, onHold: true },
    summary: `${what}: automatic promotion is on hold. Release it (DELETE /hold) when the fix is coming, roll back (POST /rollback), or promote a chosen commit`,
  };
}
