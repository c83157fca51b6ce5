// What GitHub says of the run in flight, asked by the reconciliation (GET …/actions/runs/{id}): a
// wait for reviewers or for the concurrency group goes on the record; a run that completed without
// reporting to internalbf frees the slot, on the record and alerted.
import type { Change, Outcome, PipelineState, ProductionDeployment, RunObservation } from "../model";
import type { Builder } from "./outcome";
import { short } from "./outcome";
import { holdAfterFailure } from "./production";
import { advance } from "./slot";

/** GitHub's statuses of a run held by the concurrency group, not yet started. */
const WAITING_TO_START = ["queued", "pending", "requested"];

/** What GitHub holds a run for, as its record says it, or null while it runs. */
export function reviewOf(status: string): string | null {
  if (status === "waiting") return "waiting for review";
  return WAITING_TO_START.includes(status) ? "waiting to start" : null;
}

/** The review fields after `review`: a wait for reviewers is timed, since a person's approval is not the pipeline's time. */
function reviewChange(row: ProductionDeployment, review: string | null, now: number): Partial<Change> {
  const waiting = row.review === "waiting for review" && row.review_since != null;
  const waited = (row.review_ms ?? 0) + (waiting ? now - (row.review_since ?? now) : 0);
  if (review === "waiting for review") {
    return { review, review_since: waiting ? row.review_since : now, review_ms: row.review_ms ?? 0 };
  }
  return { review, review_since: null, review_ms: waited };
}

export function onRunObserved(
  state: PipelineState,
  sha: string,
  runId: number,
  run: RunObservation,
  out: Builder,
): Outcome {
  const slot = state.slot;
  if (
    slot === null ||
    slot.sha !== sha ||
    slot.run_id !== runId ||
    !["dispatched", "deploying"].includes(slot.status)
  ) {
    return out.done("recorded");
  }
  const subject = run.subject === null ? {} : { subject: run.subject };
  if (run.status !== "completed") {
    const review = reviewOf(run.status);
    if (review === (slot.review ?? null) && run.subject === null) return out.done("recorded");
    out.production(sha, slot.status, { ...reviewChange(slot, review, state.now), ...subject });
    return out.done("recorded");
  }
  const closed = { ...reviewChange(slot, null, state.now), ...subject };
  const conclusion = run.conclusion ?? "unknown";
  const detail = { run_id: runId, run_url: run.runUrl ?? slot.run_url, status: run.status, conclusion };
  const runUrl = run.runUrl ?? slot.run_url;
  const alert = (kind: "unconfirmed" | "run_unreported", status: string, summary: string) =>
    out.alert({ kind, sha, environment: "production", status, summary, details: null, runUrl, subject: run.subject });
  if (conclusion === "success") {
    // Production probably runs it, but only its report says so: a person checks.
    out.production(sha, "unconfirmed", {
      ...closed,
      error: `GitHub says run ${runId} succeeded, but it never reported to internalbf`,
    });
    out.event(sha, "production", "production_unconfirmed", "github", detail);
    alert(
      "unconfirmed",
      "unconfirmed",
      `Unconfirmed: run ${runId} of ${short(sha)} succeeded on GitHub but never reported to internalbf. Production probably runs ${short(sha)}: check it; its report, if it comes, makes it live`,
    );
    return advance(state, state.live, sha, out).done("alerted");
  }
  out.event(sha, "production", "production_run_unreported", "github", {
    ...detail,
    started: slot.status === "deploying",
  });
  if (slot.status === "dispatched") {
    // It never reached the gate, so it deployed nothing: like a dispatch that never went through.
    out.production(sha, "dispatch_failed", {
      ...closed,
      error: `GitHub says run ${runId} ended ${conclusion} before it reached the gate: retry to send it again`,
    });
    alert(
      "run_unreported",
      conclusion,
      `Production run ${runId} of ${short(sha)} was ${conclusion} before it started: nothing was deployed, and the next commit goes. Retry to send it again`,
    );
    return advance(state, state.live, sha, out).done("alerted");
  }
  out.production(sha, "failed", {
    ...closed,
    error: `GitHub says run ${runId} ended ${conclusion} without reporting to internalbf`,
  });
  const what = `Production run ${runId} of ${short(sha)} ended ${conclusion} without reporting`;
  const held = holdAfterFailure(state, what, sha, out);
  alert("run_unreported", conclusion, held.summary);
  return advance(held.state, state.live, sha, out).done("alerted");
}
