// The deployments table: one row per commit and environment.
import type { DeploymentView, Environment } from "../../protocol";
import type { Change, Deployment } from "../model";
import { SLOT_STATUSES, WAITING_STATUSES } from "../model";
import { type DeploymentRow, toDeployment, toView } from "../rows";
import { inList } from "./sql";

const OPEN = `'live', ${inList(SLOT_STATUSES)}, ${inList(WAITING_STATUSES)}`;
/**
 * Rows that should move on by themselves and are not marked or waiting for a person, as the partial
 * index deployments_moving has them (staging's `started`, production's slot: no status is both).
 * Queries name that index: SQLite's planner would take deployments_by_status and read every
 * started staging.
 */
const MOVING = `stuck_since IS NULL AND review IS NULL AND status IN ('started', ${inList(SLOT_STATUSES)})`;

export class Deployments {
  constructor(private readonly sql: SqlStorage) {}

  /** `sha`'s rows and every production row that is live, holds the slot or waits: one statement. */
  forState(sha: string): Deployment[] {
    return this.sql
      .exec<DeploymentRow>(
        `SELECT * FROM deployments WHERE sha = ?
         UNION
         SELECT * FROM deployments WHERE environment = 'production' AND status IN (${OPEN})
         ORDER BY id DESC`,
        sha,
      )
      .toArray()
      .map(toDeployment);
  }

  /** The production rows that are live, hold the slot or wait, newest first. */
  open(): Deployment[] {
    return this.sql
      .exec<DeploymentRow>(
        `SELECT * FROM deployments WHERE environment = 'production' AND status IN (${OPEN}) ORDER BY id DESC`,
      )
      .toArray()
      .map(toDeployment);
  }

  /** The production row whose run GitHub was asked to start (dispatched, or approved at the gate), or null. */
  inFlight(): DeploymentRow | null {
    return (
      this.sql
        .exec<DeploymentRow>(
          "SELECT * FROM deployments WHERE environment = 'production' AND status IN ('dispatched', 'deploying') LIMIT 1",
        )
        .toArray()[0] ?? null
    );
  }

  /**
   * Deployments that should have moved on by themselves (staging `started`, production in the slot)
   * and last moved by `before`, not yet marked stuck and not waiting for a person: through the
   * partial index of moving rows, so a history of many never-finished stagings costs nothing.
   */
  overdue(before: number): DeploymentRow[] {
    return this.sql
      .exec<DeploymentRow>(
        `SELECT * FROM deployments INDEXED BY deployments_moving WHERE ${MOVING} AND moved_at <= ? ORDER BY moved_at LIMIT 100`,
        before,
      )
      .toArray();
  }

  /** When the earliest moving deployment last moved (its stuck clock's start), or null. */
  earliestMoving(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT min(moved_at) AS at FROM deployments INDEXED BY deployments_moving WHERE ${MOVING}`,
      )
      .one().at;
  }

  /** The deployments marked stuck, oldest mark first (at most 100). */
  stuck(): DeploymentRow[] {
    return this.sql
      .exec<DeploymentRow>("SELECT * FROM deployments WHERE stuck_since IS NOT NULL ORDER BY stuck_since LIMIT 100")
      .toArray();
  }

  /** How many deployments are marked stuck, and since when the oldest. */
  stuckCount(): { count: number; oldest: number | null } {
    return this.sql
      .exec<{ count: number; oldest: number | null }>(
        "SELECT count(*) AS count, min(stuck_since) AS oldest FROM deployments WHERE stuck_since IS NOT NULL",
      )
      .one();
  }

  /** Writes the phases of a deployment that went live; its row. */
  setPhases(sha: string, phases: unknown): void {
    this.sql.exec(
      "UPDATE deployments SET phases = ? WHERE sha = ? AND environment = 'production'",
      JSON.stringify(phases),
      sha,
    );
  }

  /**
   * Sets the commit's own time (a notification's `commit_timestamp`) on its rows, once: the first
   * notification that carries it wins, and a row written since (production's) gets that same time.
   */
  noteCommitted(sha: string, commitTimestamp: string | undefined): void {
    if (commitTimestamp === undefined) return;
    this.sql.exec(
      `UPDATE deployments SET committed_at = coalesce(
         (SELECT known.committed_at FROM deployments AS known WHERE known.sha = ? AND known.committed_at IS NOT NULL LIMIT 1), ?)
       WHERE sha = ? AND committed_at IS NULL`,
      sha,
      Date.parse(commitTimestamp),
      sha,
    );
  }

  /** `sha`'s production row, or null. */
  production(sha: string): DeploymentRow | null {
    return (
      this.sql
        .exec<DeploymentRow>("SELECT * FROM deployments WHERE sha = ? AND environment = 'production'", sha)
        .toArray()[0] ?? null
    );
  }

  /** Marks a deployment stuck since `since`; or, marked already, counts a repeat. */
  markStuck(sha: string, environment: string, since: number): void {
    this.sql.exec(
      `UPDATE deployments SET stuck_since = coalesce(stuck_since, ?),
         stuck_repeats = CASE WHEN stuck_since IS NULL THEN 0 ELSE stuck_repeats + 1 END
       WHERE sha = ? AND environment = ?`,
      since,
      sha,
      environment,
    );
  }

  /** Commits that were live before the current one, the most recently retired first (a rollback's candidates). */
  formerlyLive(limit = 50): string[] {
    return this.sql
      .exec<{ sha: string }>(
        "SELECT sha FROM deployments WHERE environment = 'production' AND status = 'retired' ORDER BY updated_at DESC LIMIT ?",
        limit,
      )
      .toArray()
      .map((row) => row.sha);
  }

  /**
   * Writes one change (fields left out keep their value); the row as written. A new status is
   * movement: the stuck mark clears.
   */
  write(change: Change, now: number): DeploymentRow {
    const kept = (field: keyof Change) => (change[field] !== undefined ? 1 : 0);
    return this.sql
      .exec<DeploymentRow>(
        `INSERT INTO deployments (sha, environment, status, run_id, run_url, error, review, review_since, review_ms, subject, created_at, updated_at, moved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha, environment) DO UPDATE SET
           status = excluded.status,
           run_id = CASE WHEN ? THEN excluded.run_id ELSE deployments.run_id END,
           run_url = CASE WHEN ? THEN excluded.run_url ELSE deployments.run_url END,
           error = CASE WHEN ? THEN excluded.error ELSE deployments.error END,
           review = CASE WHEN ? THEN excluded.review ELSE deployments.review END,
           review_since = CASE WHEN ? THEN excluded.review_since ELSE deployments.review_since END,
           review_ms = CASE WHEN ? THEN excluded.review_ms ELSE deployments.review_ms END,
           subject = CASE WHEN ? THEN excluded.subject ELSE deployments.subject END,
           stuck_since = CASE WHEN deployments.status = excluded.status THEN deployments.stuck_since END,
           stuck_repeats = CASE WHEN deployments.status = excluded.status THEN deployments.stuck_repeats ELSE 0 END,
           moved_at = CASE WHEN deployments.status = excluded.status AND (NOT ? OR deployments.review IS excluded.review)
             THEN deployments.moved_at ELSE excluded.moved_at END,
           updated_at = excluded.updated_at
         RETURNING *`,
        change.sha,
        change.environment,
        change.status,
        change.run_id ?? null,
        change.run_url ?? null,
        change.error ?? null,
        change.review ?? null,
        change.review_since ?? null,
        change.review_ms ?? 0,
        change.subject ?? null,
        now,
        now,
        now,
        kept("run_id"),
        kept("run_url"),
        kept("error"),
        kept("review"),
        kept("review_since"),
        kept("review_ms"),
        kept("subject"),
        kept("review"),
      )
      .one();
  }

  /** Gives `sha`'s production row the id of its new dispatch decision; the row, when there is one. */
  setDispatchId(sha: string, dispatchId: string): DeploymentRow | undefined {
    return this.sql
      .exec<DeploymentRow>(
        "UPDATE deployments SET dispatch_id = ? WHERE sha = ? AND environment = 'production' RETURNING *",
        dispatchId,
        sha,
      )
      .toArray()[0];
  }

  /** A commit's row in one environment as the API shows it; `none` when there is no row. */
  view(sha: string, environment: Environment, written?: DeploymentRow): DeploymentView {
    const row =
      written ??
      this.sql
        .exec<DeploymentRow>("SELECT * FROM deployments WHERE sha = ? AND environment = ?", sha, environment)
        .toArray()[0];
    return row === undefined
      ? {
          sha,
          environment,
          status: "none",
          updated_at: new Date(0).toISOString(),
          run_id: null,
          run_url: null,
          error: null,
          dispatch_id: null,
        }
      : toView(row);
  }

  /** The live commit, or null: one indexed lookup. */
  live(): string | null {
    return (
      this.sql
        .exec<{ sha: string }>(
          "SELECT sha FROM deployments WHERE environment = 'production' AND status = 'live' LIMIT 1",
        )
        .toArray()[0]?.sha ?? null
    );
  }
}
