// The gate at production's door: only the run internalbf dispatched for a commit may deploy it.
// A refusal is an audit event of the commit (never a production row), so a hand-run can neither
// deploy nor stop the commit's own promotion.
import type { Notification } from "../../protocol";
import type { Outcome, PipelineState, ProductionDeployment } from "../model";
import { type Builder, runOf, short } from "./outcome";

type Verdict =
  | { readonly kind: "approve"; readonly slot: ProductionDeployment }
  /** Ours but not to deploy: a second run of one decision, or a run of a decision no longer in flight. */
  | { readonly kind: "duplicate"; readonly reason: string }
  | { readonly kind: "refuse"; readonly reason: string };

/** A production run asks whether it may deploy. Emergency runs are handled before this. */
export function onProductionStarted(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const verdict = judge(state, n);
  const run = runOf(n);
  if (verdict.kind === "approve") {
    const slot = verdict.slot;
    out.production(sha, "deploying", { run_id: slot.run_id ?? run.run_id, run_url: slot.run_url ?? run.run_url });
    if (slot.status === "dispatching") out.effect({ kind: "settle_dispatch", sha });
    out.event(sha, "production", "production_start_approved", n.actor ?? "github", {
      ...run,
      dispatch_id: slot.dispatch_id,
    });
    return out.done("approved");
  }
  const reason = verdict.reason;
  if (verdict.kind === "duplicate") {
    out.event(sha, "production", "production_start_duplicate", n.actor ?? "github", {
      ...run,
      dispatch_id: n.dispatch_id ?? null,
      reason,
    });
    return out.done("rejected", reason);
  }
  out.event(sha, "production", "production_start_rejected", n.actor ?? "github", {
    ...run,
    dispatch_id: n.dispatch_id ?? null,
    reason,
  });
  out.alert({
    kind: "production_start_rejected",
    sha,
    environment: "production",
    status: "rejected",
    summary: `A production run for ${short(sha)} was stopped at the gate: ${reason}`,
    details: n.details ?? null,
    runUrl: n.run_url ?? null,
  });
  return out.done("rejected", reason);
}

/**
 * Approve the run on the record; where GitHub reported no run, the first start that carries the
 * decision's dispatch id. Anything else is refused; a run that carries one of internalbf's own
 * dispatch ids for the commit is a quiet duplicate, not a page.
 */
function judge(state: PipelineState, n: Notification): Verdict {
  const sha = n.commit_sha;
  const run = n.run_id ?? null;
  if (run !== null && state.refusedRuns.includes(run)) {
    return { kind: "refuse", reason: `run ${run} was refused at the gate before: a re-run stays refused` };
  }
  const slot = state.slot;
  if (slot === null || slot.sha !== sha || !["dispatching", "dispatched", "deploying"].includes(slot.status)) {
    if (carriesDispatchOf(state.production, n)) {
      return { kind: "duplicate", reason: `the dispatch ${n.dispatch_id} of ${short(sha)} is no longer in flight` };
    }
    const staging = state.staging?.status ?? "never reported";
    return {
      kind: "refuse",
      reason: `internalbf did not dispatch ${short(sha)} (staging: ${staging}; production: ${state.production?.status ?? "none"})`,
    };
  }
  if (slot.run_id !== null) {
    if (run === slot.run_id) return { kind: "approve", slot };
    if (carriesDispatchOf(slot, n)) {
      return { kind: "duplicate", reason: `run ${run ?? "(none)"} duplicates the dispatched run ${slot.run_id}` };
    }
    return { kind: "refuse", reason: `run ${run ?? "(none)"} is not the dispatched run ${slot.run_id}` };
  }
  if (carriesDispatchOf(slot, n)) return { kind: "approve", slot };
  return {
    kind: "refuse",
    reason: `run ${run ?? "(none)"} does not carry the dispatch id of internalbf's dispatch of ${short(sha)}`,
  };
}

/** True when the notification's run carries the dispatch id on `row`. */
function carriesDispatchOf(row: ProductionDeployment | null, n: Notification): boolean {
  return row !== null && row.dispatch_id !== null && n.dispatch_id === row.dispatch_id;
}
