// Staging's results: a success promotes its commit (or waits for the slot, a freeze, a hold).
import type { Notification } from "../../protocol";
import type { AlertKind, Outcome, PipelineState } from "../model";
import { type Builder, SYSTEM, short } from "./outcome";
import { promote } from "./slot";

/** A staging run started: recorded, unless its result is already in (a late or repeated start). */
export function onStagingStarted(state: PipelineState, n: Notification, out: Builder): Outcome {
  if (state.staging === null || state.staging.status === "started") {
    out.staging(n, "started");
  } else {
    out.event(n.commit_sha, "staging", "staging_started_after_result", n.actor, { run_id: n.run_id ?? null });
  }
  return out.done("recorded");
}

/** A staging result: failure and cancellation alert, success promotes. */
export function onStagingComplete(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const status = n.status ?? "failure";
  out.staging(n, status);
  if (status === "failure" || status === "cancelled") {
    const kind: AlertKind = status === "failure" ? "staging_failure" : "staging_cancelled";
    out.alert({
      kind,
      sha,
      environment: "staging",
      status,
      summary: `Staging ${status === "failure" ? "failed" : "was cancelled"} for ${short(sha)}: it will not be promoted`,
      details: n.details ?? null,
      runUrl: n.run_url ?? null,
    });
    return out.done("alerted");
  }
  if (status === "skipped") return out.done("recorded");
  // Only internalbf's own decisions write a production row: a refused hand-run never does, so it
  // cannot stop a commit's promotion.
  if (state.production !== null) {
    out.event(sha, "production", "promotion_already_decided", SYSTEM, { status: state.production.status });
    return out.done("recorded");
  }
  if (state.neverPromote) {
    out.event(sha, "production", "promotion_refused", SYSTEM, { reason: "marked never promote" });
    return out.done("recorded");
  }
  if (state.frozen || state.onHold) {
    out.production(sha, "held", {});
    out.event(sha, "production", "promotion_held", SYSTEM, {
      reason: state.frozen ? "frozen" : "on hold after a rollback",
    });
    return out.done("held_frozen");
  }
  if (state.slot !== null) {
    out.production(sha, "queued", {});
    out.event(sha, "production", "promotion_queued", SYSTEM, { behind: state.slot.sha });
    return out.done("queued_behind_production");
  }
  promote(sha, state.live, out);
  return out.done("production_dispatch_queued");
}
