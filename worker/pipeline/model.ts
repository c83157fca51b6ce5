// The pipeline's vocabulary: what the policy reads and what it asks for.
import type { Environment, Notification, Status } from "../protocol";

/** A staging deployment's status is the last result its run reported. */
export type StagingStatus = "started" | Status;

/** Where a commit stands on its way to (or in) production. */
export type ProductionStatus =
  | "held" // staging passed while frozen or on hold: waits for an operator
  | "queued" // staging passed while another commit held the production slot
  | "ordering" // holds the slot: waiting for GitHub to say how it relates to the live commit
  | "dispatching" // holds the slot: workflow_dispatch in the outbox, not yet confirmed
  | "dispatched" // holds the slot: GitHub accepted the dispatch
  | "deploying" // holds the slot: the dispatched run started (approved at production's door)
  | "live" // production runs it
  | "retired" // was live, replaced by a newer commit
  | "failed" // production reported failure or cancellation
  | "superseded" // a newer commit was promoted (or it is behind the live one)
  | "rejected" // not on main's line (diverged from the live commit): never promoted
  | "dispatch_failed" // GitHub never accepted the dispatch (or the commit could not be ordered)
  | "emergency" // an emergency run (the internalbf-down path) is deploying it, outside the slot
  | "abandoned" // an operator gave up the deployment that held the slot
  | "blocked" // an operator marked it never to be promoted (but by an emergency)
  | "unconfirmed"; // GitHub says its run succeeded, but the run never reported: a person checks

/** The statuses that hold the one production slot. */
export const SLOT_STATUSES: readonly ProductionStatus[] = ["ordering", "dispatching", "dispatched", "deploying"];
/** The statuses that wait for the slot. */
export const WAITING_STATUSES: readonly ProductionStatus[] = ["queued", "held"];

export interface Deployment<S extends string = string> {
  readonly sha: string;
  readonly environment: Environment;
  readonly status: S;
  /** Order of first appearance; the newest-received waiting commit is tried first. */
  readonly id: number;
  readonly run_id: number | null;
  readonly run_url: string | null;
  readonly error: string | null;
  /** internalbf's id for the decision that dispatched it (the run's `dispatch_id` input), or null. */
  readonly dispatch_id: string | null;
  /** What GitHub holds its run for: "waiting for review" (the environment's reviewers), "waiting to start" (the concurrency group). */
  readonly review?: string | null;
  /** Since when its run waits for reviewers, and how long it waited before (ms): not the pipeline's time. */
  readonly review_since?: number | null;
  readonly review_ms?: number;
}
export type StagingDeployment = Deployment<StagingStatus>;
export type ProductionDeployment = Deployment<ProductionStatus>;

/** What the policy needs to know to decide about one input. */
export interface PipelineState {
  /** The time of the decision (what an operator's switch records as its `since`). */
  readonly now: number;
  readonly frozen: boolean;
  /** Automatic promotion on hold (after a rollback) until an operator releases it. */
  readonly onHold: boolean;
  readonly live: string | null;
  /** The live commit when an emergency deploys it again: its row holds the slot, and it stays live. */
  readonly redeploying: string | null;
  readonly slot: ProductionDeployment | null;
  /** Waiting commits, newest-received first. */
  readonly waiting: readonly ProductionDeployment[];
  /** The input commit's rows. */
  readonly staging: StagingDeployment | null;
  readonly production: ProductionDeployment | null;
  /** The input commit is marked "never promote". */
  readonly neverPromote: boolean;
  /** Runs of the input commit the gate refused: none of them ever deploys or moves the slot. */
  readonly refusedRuns: readonly number[];
  /** Commands waiting for the slot, in the order they came: they go before any automatic promotion. */
  readonly commandQueue: readonly QueuedCommand[];
  /** A production failure puts automatic promotion on hold (HOLD_ON_PRODUCTION_FAILURE). */
  readonly holdOnFailure: boolean;
}

/** A switch an operator set (a freeze, the hold, a block): since when, until when, who and why. */
export interface Switch {
  readonly since: number;
  readonly until: number | null;
  readonly actor: string;
  readonly via: string;
  readonly reason: string;
}

/** A command's dispatch waiting for the slot. */
export interface QueuedCommand {
  readonly sha: string;
  readonly triggeredBy: TriggeredBy;
}

/** Who is acting, verified by the operator surface. */
export interface Operator {
  readonly actor: string;
  readonly via: string;
}

/** What an operator asks for. */
export type Command =
  | { readonly kind: "promote"; readonly sha: string }
  | { readonly kind: "rollback"; readonly to: string | null }
  | { readonly kind: "hold" }
  | { readonly kind: "release" }
  | { readonly kind: "freeze"; readonly until: number | null }
  | { readonly kind: "unfreeze" }
  | { readonly kind: "block"; readonly sha: string }
  | { readonly kind: "unblock"; readonly sha: string }
  | { readonly kind: "retry"; readonly sha: string }
  | { readonly kind: "abandon"; readonly sha: string }
  | { readonly kind: "emergency"; readonly sha: string };

/** What a command needs beyond the pipeline's state: the switches as set, and production's past. */
export interface CommandContext {
  readonly freeze: Switch | null;
  readonly hold: Switch | null;
  /** The command's commit's block, when it has one. */
  readonly block: Switch | null;
  /** Commits that were live before the current one, the most recent first. */
  readonly formerlyLive: readonly string[];
  /** Commits a rollback moved production away from. */
  readonly rolledBackFrom: readonly string[];
}

export type Relation = "ahead" | "identical" | "behind" | "diverged";

/** Why a production workflow was dispatched (its `triggered_by` input). */
export type TriggeredBy =
  | "internalbf-staging-success"
  | "internalbf-manual-promote"
  | "internalbf-rollback"
  | "internalbf-emergency";

/** Everything the policy decides about. */
export type PolicyInput =
  | { readonly kind: "notification"; readonly notification: Notification }
  | {
      readonly kind: "command";
      readonly command: Command;
      readonly operator: Operator;
      readonly reason: string;
      readonly context: CommandContext;
    }
  | {
      readonly kind: "ordered";
      readonly sha: string;
      readonly live: string;
      readonly relation: Relation;
      /** Asked by an operator's promote: behind the live commit it still goes, and puts the hold on. */
      readonly manual?: boolean;
    }
  | { readonly kind: "order_failed"; readonly sha: string; readonly error: string }
  | {
      readonly kind: "dispatch_accepted";
      readonly sha: string;
      readonly runId: number | null;
      readonly runUrl: string | null;
      /** The decision GitHub answered about (an old one's answer is not the new one's run). */
      readonly dispatchId?: string;
    }
  | { readonly kind: "dispatch_failed"; readonly sha: string; readonly error: string; readonly dispatchId?: string }
  | {
      /** The reconciliation asked GitHub about the run of the deployment in flight. */
      readonly kind: "run_observed";
      readonly sha: string;
      readonly runId: number;
      readonly run: RunObservation;
    };

/** A workflow run as GitHub says it is (GET …/actions/runs/{id}). */
export interface RunObservation {
  readonly status: string;
  readonly conclusion: string | null;
  readonly runUrl: string | null;
  readonly subject: string | null;
}

/** The inputs the outbox feeds back: each is about one commit. */
export type EffectInput = Exclude<PolicyInput, { readonly kind: "notification" } | { readonly kind: "command" }>;

export type AlertKind =
  | "staging_failure"
  | "staging_cancelled"
  | "production_failure"
  | "production_cancelled"
  | "production_start_rejected"
  | "unexpected_production_deployment"
  | "dispatch_failed"
  | "diverged"
  | "production_result_ignored"
  | "late_production_result"
  | "emergency_deploy"
  | "rollback"
  | "on_hold"
  /** The cron and the alarm find these (alerted once per commit and condition). */
  | "stuck"
  | "over_budget"
  | "unconfirmed"
  /** GitHub says a production run completed (cancelled, failed, …) without reporting to internalbf. */
  | "run_unreported";

/** A message for people, sent to every notification endpoint. */
export interface Alert {
  readonly kind: AlertKind;
  readonly sha: string;
  readonly environment: Environment;
  readonly status: string;
  readonly summary: string;
  readonly details: string | null;
  readonly runUrl: string | null;
  /** The commit's subject line, when internalbf knows it (GitHub's run says it). */
  readonly subject?: string | null;
}

/** Side effects the policy asks for; the Durable Object puts them in the outbox. */
export type Effect =
  /** One decision to dispatch: the store gives it a fresh dispatch id, on the entry and the commit's row. */
  | { readonly kind: "dispatch"; readonly sha: string; readonly triggeredBy: TriggeredBy }
  | { readonly kind: "compare"; readonly live: string; readonly sha: string; readonly manual?: boolean }
  | { readonly kind: "alert"; readonly alert: Alert }
  /** Drop a dispatch still waiting in the outbox: GitHub's run has reported, so it was accepted. */
  | { readonly kind: "settle_dispatch"; readonly sha: string }
  /** Cancel every pending effect of the commit but its alerts: an operator gave its deployment up. */
  | { readonly kind: "cancel_effects"; readonly sha: string };

/** A change to one deployment row; fields left out keep their value. */
export interface Change {
  readonly sha: string;
  readonly environment: Environment;
  readonly status: string;
  readonly run_id?: number | null;
  readonly run_url?: string | null;
  readonly error?: string | null;
  readonly review?: string | null;
  readonly review_since?: number | null;
  readonly review_ms?: number;
  readonly subject?: string | null;
}

/** An entry of the audit trail: what happened, to which commit (null: to the pipeline), who, why. */
export interface AuditEvent {
  readonly sha: string | null;
  readonly environment: Environment | null;
  readonly kind: string;
  readonly actor: string;
  readonly detail: Record<string, unknown>;
  /** How an operator was identified (`access`, `token`); absent for GitHub's and internalbf's own events. */
  readonly via?: string;
  /** The operator's reason. */
  readonly reason?: string;
}

/**
 * What the policy decided. Its own words, apart from the wire's: a notification's answer carries the
 * ones the contract names (the Pipeline checks), and operators' commands will add their own.
 */
export type PolicyDecision =
  | "production_dispatch_queued"
  | "recorded"
  | "held_frozen"
  | "queued_behind_production"
  | "superseded"
  | "alerted"
  | "approved"
  | "rejected"
  // operators' commands
  | "dispatch_queued"
  | "waiting_for_slot"
  | "frozen"
  | "unfrozen"
  | "on_hold"
  | "released"
  | "blocked"
  | "unblocked"
  | "abandoned"
  | "no_change"
  | "refused";

/** Why a command was refused: it changed nothing. */
export interface Refusal {
  readonly status: 404 | 409 | 422;
  readonly code: "unknown_commit" | "not_allowed" | "idempotency_key_reused";
  readonly message: string;
}

/** A change to one setting (freeze, hold, a block); null removes it. */
export interface SettingChange {
  readonly name: string;
  readonly value: string | null;
}

/** The policy's answer: a decision, the rows and settings to write, the audit entries, the effects. */
export interface Outcome {
  readonly decision: PolicyDecision;
  /** Why, when the decision needs explaining (a rejection at production's door). */
  readonly reason?: string;
  readonly changes: readonly Change[];
  readonly settings?: readonly SettingChange[];
  /** Set when a command was refused: nothing else is in the outcome. */
  readonly refusal?: Refusal;
  readonly events: readonly AuditEvent[];
  readonly effects: readonly Effect[];
}
