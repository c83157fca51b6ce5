import type { Environment } from "./events";

/** What internalbf decided about a notification. */
export const DECISIONS = [
  "production_dispatch_queued",
  "recorded",
  "held_frozen",
  "queued_behind_production",
  "superseded",
  "alerted",
  "approved",
  "rejected",
] as const;
export type Decision = (typeof DECISIONS)[number];

/** A commit's deployment in one environment, as the API shows it. */
export interface DeploymentView {
  readonly sha: string;
  readonly environment: Environment;
  readonly status: string;
  readonly updated_at: string;
  readonly run_id: number | null;
  readonly run_url: string | null;
  readonly error: string | null;
  /** internalbf's id for the production dispatch decision (its run's name carries it), or null. */
  readonly dispatch_id: string | null;
  /** While GitHub holds its run: "waiting for review" or "waiting to start". */
  readonly review?: string;
  /** Since when it has not moved, once it is stuck (STUCK_AFTER_MINUTES). */
  readonly stuck_since?: string;
  /** Found stuck again by the cron after its alert (an alert goes once). */
  readonly stuck_repeats?: number;
  /** The commit's subject line, when GitHub said it. */
  readonly subject?: string;
  /** Once live: how long each phase took (seconds), and the figure held against DEPLOY_BUDGET_MINUTES. */
  readonly phases?: Phases;
}

/** A deployment's phases, in seconds (null where internalbf saw no such phase: an emergency skips staging). */
export interface Phases {
  readonly staging_s: number | null;
  readonly waiting_s: number | null;
  readonly review_s: number;
  readonly production_s: number | null;
  readonly total_s: number | null;
  /** The total less the wait for reviewers: what DEPLOY_BUDGET_MINUTES is held against. */
  readonly budget_s: number | null;
}

/** The 202 (or, for a repeated delivery, 200) answer to a notification. */
export interface IntakeAnswer {
  readonly delivery: string;
  readonly decision: Decision;
  /** Why, when the decision needs explaining: e.g. what stopped a production start at the gate. */
  readonly reason?: string;
  readonly deployment: DeploymentView;
}

/** Every error body: a stable code and a message a person can act on. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly { readonly field: string; readonly message: string }[];
  };
}
