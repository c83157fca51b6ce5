// The one production slot: who takes it, how git orders a candidate, what GitHub said of a dispatch.
import type { Outcome, PipelineState, ProductionStatus, Relation, TriggeredBy } from "../model";
import { alertOf, type Builder, SYSTEM, short } from "./outcome";
import { COMMAND_QUEUE, holdBySystem, REDEPLOY } from "./switches";

/** Takes the slot for `sha`: dispatch at once when nothing is live, else ask git how it relates. */
export function promote(sha: string, live: string | null, out: Builder): void {
  if (live === null) {
    out.production(sha, "dispatching", { error: null });
    out.effect({ kind: "dispatch", sha, triggeredBy: "internalbf-staging-success" });
    out.event(sha, "production", "promotion_dispatch_queued", SYSTEM, { live: null });
  } else {
    out.production(sha, "ordering", { error: null });
    out.effect({ kind: "compare", live, sha });
    out.event(sha, "production", "promotion_ordering", SYSTEM, { live });
  }
}

/** The commands a freeze does not stop. */
export const PAST_FREEZE: readonly TriggeredBy[] = ["internalbf-rollback", "internalbf-emergency"];

/** Takes `sha` out of the command queue (it went live another way). */
export function dropQueued(state: PipelineState, sha: string, out: Builder): void {
  if (!state.commandQueue.some((queued) => queued.sha === sha)) return;
  out.setting(COMMAND_QUEUE, JSON.stringify(state.commandQueue.filter((queued) => queued.sha !== sha)));
}

/**
 * Dispatches `sha` now: it takes the slot, its decision gets its dispatch id when enqueued. The live
 * commit (an emergency's redeploy) stays live on the record while it holds the slot.
 */
export function dispatchNow(sha: string, triggeredBy: TriggeredBy, out: Builder, live: string | null = null): void {
  if (sha === live) out.setting(REDEPLOY, sha);
  // A commit deployed before (a rollback's target) starts a new decision: its old run is not this one's.
  out.production(sha, "dispatching", { error: null, run_id: null, run_url: null });
  out.effect({ kind: "dispatch", sha, triggeredBy });
  out.event(sha, "production", "promotion_dispatch_queued", SYSTEM, { triggered_by: triggeredBy });
}

/**
 * After the slot frees: the first command waiting for it goes (commands in the order they came);
 * else, unless frozen or on hold, the newest-received waiting commit takes it.
 */
export function advance(state: PipelineState, live: string | null, freed: string, out: Builder): Builder {
  // A command for the live commit is dropped (it went live another way), but an emergency's redeploy.
  const queue = state.commandQueue.filter(
    (queued) => queued.sha !== freed && (queued.sha !== live || queued.triggeredBy === "internalbf-emergency"),
  );
  // While frozen only a rollback or an emergency goes (a freeze drops the others from the queue).
  const command = queue.find((queued) => !state.frozen || PAST_FREEZE.includes(queued.triggeredBy));
  if (command !== undefined) {
    out.setting(COMMAND_QUEUE, JSON.stringify(queue.filter((queued) => queued !== command)));
    dispatchNow(command.sha, command.triggeredBy, out, live);
    return out;
  }
  if (state.frozen || state.onHold) return out;
  const next = state.waiting.find((candidate) => candidate.sha !== freed && candidate.sha !== live);
  if (next !== undefined) promote(next.sha, live, out);
  return out;
}

/** True when `sha` holds the slot in one of `statuses`. */
export function holdsSlot(state: PipelineState, sha: string, statuses: readonly ProductionStatus[]): boolean {
  return state.slot !== null && state.slot.sha === sha && statuses.includes(state.slot.status);
}

/** Git said how `sha` relates to `live`. */
export function onOrdered(
  state: PipelineState,
  sha: string,
  live: string,
  relation: Relation,
  out: Builder,
  manual = false,
): Outcome {
  if (!holdsSlot(state, sha, ["ordering"])) return out.done("recorded");
  if (state.live !== live) {
    // Production changed under the question (an emergency deploy): ask again against what is live now.
    if (manual && state.live !== null) {
      out.effect({ kind: "compare", live: state.live, sha, manual: true });
      return out.done("production_dispatch_queued");
    }
    promote(sha, state.live, out);
    return out.done("production_dispatch_queued");
  }
  out.event(sha, "production", "ordered", SYSTEM, { live, relation, manual });
  if (!manual && (state.frozen || state.onHold) && relation === "ahead") {
    // Frozen or put on hold while git was asked: an automatic promotion waits for the operator,
    // and the slot frees for a command waiting for it (a rollback, say).
    out.production(sha, "held", {});
    return advance(state, live, sha, out).done("held_frozen");
  }
  if (manual && relation !== "diverged") {
    // An operator's promote goes whatever git says; behind the live commit it also puts the hold
    // on, so the next staging success does not undo it.
    if (relation === "behind" && !state.onHold) {
      holdBySystem(
        state.now,
        `${short(sha)} was promoted behind the live commit ${short(live)}`,
        { reason: `a promote behind the live commit (${short(sha)})` },
        out,
      );
    }
    dispatchNow(sha, "internalbf-manual-promote", out);
    return out.done("production_dispatch_queued");
  }
  switch (relation) {
    case "ahead":
      dispatchNow(sha, "internalbf-staging-success", out);
      return out.done("production_dispatch_queued");
    case "identical":
    case "behind":
      out.production(sha, "superseded", { error: `${relation} the live commit ${short(live)}` });
      return advance(state, live, sha, out).done("superseded");
    case "diverged":
      out.production(sha, "rejected", { error: `not on main's line: diverged from the live commit ${short(live)}` });
      out.alert(
        alertOf(
          "diverged",
          sha,
          "rejected",
          `${short(sha)} diverged from the live commit ${short(live)}: not promoted`,
        ),
      );
      return advance(state, live, sha, out).done("alerted");
  }
}

/** Git could not order `sha`: the slot frees, visibly. */
export function onOrderFailed(state: PipelineState, sha: string, error: string, out: Builder): Outcome {
  if (!holdsSlot(state, sha, ["ordering"])) return out.done("recorded");
  out.production(sha, "dispatch_failed", { error: `could not order against the live commit: ${error}` });
  out.alert(
    alertOf("dispatch_failed", sha, "dispatch_failed", `Could not order ${short(sha)} against production: ${error}`),
  );
  return advance(state, state.live, sha, out).done("alerted");
}

/** GitHub took the dispatch (or reconciliation found its run): the run is on the record. */
export function onDispatchAccepted(
  state: PipelineState,
  sha: string,
  runId: number | null,
  runUrl: string | null,
  out: Builder,
  dispatchId: string | null = null,
): Outcome {
  const slot = state.slot;
  if (slot === null || slot.sha !== sha) return out.done("recorded");
  // An answer about an earlier decision of this commit is not this decision's run.
  if (dispatchId !== null && slot.dispatch_id !== null && dispatchId !== slot.dispatch_id) return out.done("recorded");
  if (slot.status === "dispatching") {
    out.production(sha, "dispatched", { run_id: runId, run_url: runUrl, error: null });
  } else if (slot.run_id === null && runId !== null) {
    out.production(sha, slot.status, { run_id: runId, run_url: runUrl });
  }
  out.event(sha, "production", "dispatch_accepted", "github", { run_id: runId, run_url: runUrl });
  return out.done("recorded");
}

/** GitHub never took the dispatch: the slot frees, visibly. */
export function onDispatchFailed(
  state: PipelineState,
  sha: string,
  error: string,
  out: Builder,
  dispatchId: string | null = null,
): Outcome {
  if (!holdsSlot(state, sha, ["dispatching"])) return out.done("recorded");
  if (dispatchId !== null && state.slot?.dispatch_id !== null && dispatchId !== state.slot?.dispatch_id) {
    return out.done("recorded");
  }
  out.production(sha, "dispatch_failed", { error });
  out.alert(
    alertOf(
      "dispatch_failed",
      sha,
      "dispatch_failed",
      `GitHub did not accept the production dispatch of ${short(sha)}: ${error}`,
    ),
  );
  return advance(state, state.live, sha, out).done("alerted");
}
