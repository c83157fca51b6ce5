// The promotion policy: pure (state + input → outcome), so every rule is testable without a runtime.
import type { Decision, Notification } from "../protocol";
import type {
  Alert,
  AlertKind,
  AuditEvent,
  Change,
  Effect,
  Outcome,
  PipelineState,
  PolicyInput,
  ProductionStatus,
  Relation,
} from "./model";

const SYSTEM = "internalbf";

/** Decides what one input means for the pipeline. */
export function decide(state: PipelineState, input: PolicyInput): Outcome {
  const out = new Builder();
  switch (input.kind) {
    case "notification":
      return onNotification(state, input.notification, out);
    case "ordered":
      return onOrdered(state, input.sha, input.live, input.relation, out);
    case "order_failed":
      if (!holdsSlot(state, input.sha, ["ordering"])) return out.done("recorded");
      out.production(input.sha, "dispatch_failed", {
        error: `could not order against the live commit: ${input.error}`,
      });
      out.alert(
        alertOf(
          "dispatch_failed",
          input.sha,
          "dispatch_failed",
          `Could not order ${short(input.sha)} against production: ${input.error}`,
        ),
      );
      return advance(state, state.live, input.sha, out).done("alerted");
    case "dispatch_accepted":
      return onDispatchAccepted(state, input.sha, input.runId, input.runUrl, out);
    case "dispatch_failed":
      if (!holdsSlot(state, input.sha, ["dispatching"])) return out.done("recorded");
      out.production(input.sha, "dispatch_failed", { error: input.error });
      out.alert(
        alertOf(
          "dispatch_failed",
          input.sha,
          "dispatch_failed",
          `GitHub did not accept the production dispatch of ${short(input.sha)}: ${input.error}`,
        ),
      );
      return advance(state, state.live, input.sha, out).done("alerted");
  }
}

function onNotification(state: PipelineState, n: Notification, out: Builder): Outcome {
  switch (n.event) {
    case "staging_deployment_started":
      if (state.staging === null || state.staging.status === "started") {
        out.staging(n, "started");
      } else {
        out.event(n.commit_sha, "staging", "staging_started_after_result", n.actor, { run_id: n.run_id ?? null });
      }
      return out.done("recorded");
    case "staging_deployment_complete":
      return onStagingComplete(state, n, out);
    case "production_deployment_started":
      return onProductionStarted(state, n, out);
    case "production_deployment_complete":
      return onProductionComplete(state, n, out);
  }
}

function onStagingComplete(state: PipelineState, n: Notification, out: Builder): Outcome {
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

/** Takes the slot for `sha`: dispatch at once when nothing is live, else ask git how it relates. */
function promote(sha: string, live: string | null, out: Builder): void {
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

function onOrdered(state: PipelineState, sha: string, live: string, relation: Relation, out: Builder): Outcome {
  if (!holdsSlot(state, sha, ["ordering"])) return out.done("recorded");
  if (state.live !== live) {
    // Production changed under the question (an emergency deploy): ask again against what is live now.
    promote(sha, state.live, out);
    return out.done("production_dispatch_queued");
  }
  out.event(sha, "production", "ordered", SYSTEM, { live, relation });
  switch (relation) {
    case "ahead":
      out.production(sha, "dispatching", {});
      out.effect({ kind: "dispatch", sha, triggeredBy: "internalbf-staging-success" });
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

function onDispatchAccepted(
  state: PipelineState,
  sha: string,
  runId: number | null,
  runUrl: string | null,
  out: Builder,
): Outcome {
  const slot = state.slot;
  if (slot === null || slot.sha !== sha) return out.done("recorded");
  if (slot.status === "dispatching") {
    out.production(sha, "dispatched", { run_id: runId, run_url: runUrl, error: null });
  } else if (slot.run_id === null && runId !== null) {
    out.production(sha, slot.status, { run_id: runId, run_url: runUrl });
  }
  out.event(sha, "production", "dispatch_accepted", "github", { run_id: runId, run_url: runUrl });
  return out.done("recorded");
}

/** The gate at production's door: only the run internalbf dispatched for this commit may deploy. */
function onProductionStarted(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const slot = state.slot;
  const refusal = gateRefusal(state, n);
  if (refusal === null && slot !== null) {
    out.production(sha, "deploying", {
      run_id: slot.run_id ?? n.run_id ?? null,
      run_url: slot.run_url ?? n.run_url ?? null,
    });
    if (slot.status === "dispatching") out.effect({ kind: "settle_dispatch", sha });
    out.event(sha, "production", "production_start_approved", n.actor ?? "github", { run_id: n.run_id ?? null });
    return out.done("approved");
  }
  const reason = refusal ?? "no dispatch is open";
  if (state.production === null)
    out.production(sha, "rejected", { run_id: n.run_id ?? null, run_url: n.run_url ?? null, error: reason });
  out.event(sha, "production", "production_start_rejected", n.actor ?? "github", { run_id: n.run_id ?? null, reason });
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

/** Null when this run is the one internalbf dispatched for the commit, else why not. */
function gateRefusal(state: PipelineState, n: Notification): string | null {
  const slot = state.slot;
  const sha = n.commit_sha;
  if (slot === null || slot.sha !== sha || !["dispatching", "dispatched", "deploying"].includes(slot.status)) {
    const staging = state.staging?.status ?? "never reported";
    return `internalbf did not dispatch ${short(sha)} (staging: ${staging}; production: ${state.production?.status ?? "none"})`;
  }
  if (slot.run_id !== null && slot.run_id !== n.run_id) {
    return `run ${n.run_id ?? "(none)"} is not the dispatched run ${slot.run_id}`;
  }
  return null;
}

function onProductionComplete(state: PipelineState, n: Notification, out: Builder): Outcome {
  const sha = n.commit_sha;
  const status = n.status ?? "failure";
  const slot = state.slot;
  const isSlot = slot !== null && slot.sha === sha;
  const runMatches = isSlot && (slot.run_id === null || n.run_id === undefined || slot.run_id === n.run_id);
  const run = { run_id: n.run_id ?? null, run_url: n.run_url ?? null };

  if (status === "success") {
    const previous = state.production?.status;
    if (!isSlot && (previous === "live" || previous === "retired")) {
      out.event(sha, "production", "production_success_repeated", n.actor ?? "github", run);
      return out.done("recorded");
    }
    if (state.live !== null && state.live !== sha) out.production(state.live, "retired", {});
    out.production(sha, "live", isSlot ? { error: null } : { ...run, error: null });
    out.event(sha, "production", "production_live", n.actor ?? "github", run);
    if (!isSlot) {
      out.alert(
        alertOf(
          "unexpected_production_deployment",
          sha,
          "live",
          `Production now runs ${short(sha)}, which internalbf did not dispatch`,
          n,
        ),
      );
      if (slot !== null) return out.done("alerted");
      return advance(state, sha, sha, out).done("alerted");
    }
    return advance(state, sha, sha, out).done("recorded");
  }

  if (!runMatches) {
    out.event(sha, "production", `production_${status}_unmatched`, n.actor ?? "github", run);
    return out.done("recorded");
  }
  out.production(sha, "failed", { error: n.details ?? `production reported ${status}` });
  out.event(sha, "production", `production_${status}`, n.actor ?? "github", run);
  const kind: AlertKind = status === "failure" ? "production_failure" : "production_cancelled";
  out.alert(
    alertOf(kind, sha, status, `Production ${status === "failure" ? "failed" : `was ${status}`} for ${short(sha)}`, n),
  );
  return advance(state, state.live, sha, out).done("alerted");
}

/** After the slot frees: the newest-received waiting commit takes it, unless frozen or on hold. */
function advance(state: PipelineState, live: string | null, freed: string, out: Builder): Builder {
  if (state.frozen || state.onHold) return out;
  const next = state.waiting.find((candidate) => candidate.sha !== freed && candidate.sha !== live);
  if (next !== undefined) promote(next.sha, live, out);
  return out;
}

function holdsSlot(state: PipelineState, sha: string, statuses: readonly ProductionStatus[]): boolean {
  return state.slot !== null && state.slot.sha === sha && statuses.includes(state.slot.status);
}

function alertOf(kind: AlertKind, sha: string, status: string, summary: string, n?: Notification): Alert {
  const environment = kind.startsWith("staging") ? "staging" : "production";
  return { kind, sha, environment, status, summary, details: n?.details ?? null, runUrl: n?.run_url ?? null };
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** Collects an outcome; the last write to a row wins, so a row changed twice is written once. */
class Builder {
  private readonly changes = new Map<string, Change>();
  private readonly events: AuditEvent[] = [];
  private readonly effects: Effect[] = [];

  staging(n: Notification, status: string): void {
    this.change({
      sha: n.commit_sha,
      environment: "staging",
      status,
      run_id: n.run_id ?? null,
      run_url: n.run_url ?? null,
      error: status === "failure" ? (n.details ?? "staging reported failure") : null,
    });
    this.event(n.commit_sha, "staging", `staging_${status}`, n.actor ?? "github", {
      run_id: n.run_id ?? null,
      run_attempt: n.run_attempt ?? null,
      run_url: n.run_url ?? null,
      details: n.details ?? null,
    });
  }

  production(sha: string, status: ProductionStatus, fields: Omit<Change, "sha" | "environment" | "status">): void {
    this.change({ ...fields, sha, environment: "production", status });
  }

  event(
    sha: string,
    environment: AuditEvent["environment"],
    kind: string,
    actor: string | undefined,
    detail: Record<string, unknown>,
  ): void {
    this.events.push({ sha, environment, kind, actor: actor ?? SYSTEM, detail });
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  alert(alert: Alert): void {
    this.effects.push({ kind: "alert", alert });
  }

  done(decision: Decision, reason?: string): Outcome {
    const outcome = { decision, changes: [...this.changes.values()], events: this.events, effects: this.effects };
    return reason === undefined ? outcome : { ...outcome, reason };
  }

  private change(change: Change): void {
    const key = `${change.sha}:${change.environment}`;
    this.changes.set(key, { ...this.changes.get(key), ...change });
  }
}
