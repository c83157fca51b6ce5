// The Pipeline's rows as SQLite returns them, and as the policy and the API see them.
import type { DeploymentView, Environment, Phases } from "../protocol";
import type { Deployment } from "./model";

export interface DeploymentRow extends Record<string, SqlStorageValue> {
  id: number;
  sha: string;
  environment: string;
  status: string;
  run_id: number | null;
  run_url: string | null;
  error: string | null;
  dispatch_id: string | null;
  created_at: number;
  updated_at: number;
  review: string | null;
  review_since: number | null;
  review_ms: number;
  stuck_since: number | null;
  stuck_repeats: number;
  /** JSON of Phases, once live. */
  phases: string | null;
  subject: string | null;
  /** When its status (or what GitHub holds its run for) last changed: the stuck clock. */
  moved_at: number;
}

export interface OutboxRow extends Record<string, SqlStorageValue> {
  id: number;
  kind: string;
  key: string;
  sha: string | null;
  payload: string;
  state: string;
  attempts: number;
  due_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  /** Since when an entry whose call may have reached GitHub looks for its run before sending again. */
  looking_since: number | null;
  lookups: number;
}

export interface EventRow extends Record<string, SqlStorageValue> {
  id: number;
  /** Null for an event of the pipeline itself (a hold, a freeze). */
  sha: string | null;
  environment: string | null;
  kind: string;
  actor: string;
  /** How an operator reached internalbf (`access`, `token`); null for what notifications and internalbf record. */
  via: string | null;
  /** An operator's reason, as given. */
  reason: string | null;
  delivery: string | null;
  detail: string;
  at: number;
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    sha: row.sha,
    environment: row.environment as Environment,
    status: row.status,
    run_id: row.run_id,
    run_url: row.run_url,
    error: row.error,
    dispatch_id: row.dispatch_id,
    review: row.review,
    review_since: row.review_since,
    review_ms: row.review_ms,
  };
}

export function toView(row: DeploymentRow): DeploymentView {
  return {
    sha: row.sha,
    environment: row.environment as Environment,
    status: row.status,
    updated_at: new Date(row.updated_at).toISOString(),
    run_id: row.run_id,
    run_url: row.run_url,
    error: row.error,
    dispatch_id: row.dispatch_id,
    // Shown only when there is something to say, so a plain record reads as before.
    ...(row.review === null ? {} : { review: row.review }),
    ...(row.stuck_since === null
      ? {}
      : { stuck_since: new Date(row.stuck_since).toISOString(), stuck_repeats: row.stuck_repeats }),
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.phases === null ? {} : { phases: JSON.parse(row.phases) as Phases }),
  };
}
