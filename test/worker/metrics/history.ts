// A deployment history written straight into the Pipeline's SQLite, with chosen times: the rows and
// audit events the policy would have written, so a test can say exactly when each thing happened.
import { runInDurableObject } from "cloudflare:test";
import { pipeline } from "../support/pipeline";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

interface Who {
  readonly actor?: string;
  readonly via?: string | null;
  readonly reason?: string | null;
}

type Write = (sql: SqlStorage) => void;

/** Writes, kept with their time and written oldest first (so ids follow time, as they do live). */
export class History {
  private readonly writes: { at: number; order: number; write: Write }[] = [];

  private add(at: number, write: Write): this {
    this.writes.push({ at, order: this.writes.length, write });
    return this;
  }

  /** One audit event. */
  event(at: number, sha: string | null, kind: string, detail: Record<string, unknown> = {}, who: Who = {}): this {
    return this.add(at, (sql) =>
      sql.exec(
        "INSERT INTO events (sha, environment, kind, actor, via, reason, delivery, detail, at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        sha,
        sha === null ? null : kind.startsWith("staging") ? "staging" : "production",
        kind,
        who.actor ?? "github",
        who.via ?? null,
        who.reason ?? null,
        JSON.stringify(detail),
        at,
      ),
    );
  }

  /** A row's new status (created at `at` the first time); `committed_at` and `budget_s` when given. */
  row(
    at: number,
    sha: string,
    environment: "staging" | "production",
    status: string,
    extra: { committed_at?: number; budget_s?: number } = {},
  ): this {
    return this.add(at, (sql) =>
      sql.exec(
        `INSERT INTO deployments (sha, environment, status, created_at, updated_at, moved_at, committed_at, phases)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha, environment) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
           committed_at = coalesce(deployments.committed_at, excluded.committed_at),
           phases = coalesce(excluded.phases, deployments.phases)`,
        sha,
        environment,
        status,
        at,
        at,
        at,
        extra.committed_at ?? null,
        extra.budget_s === undefined ? null : JSON.stringify({ budget_s: extra.budget_s }),
      ),
    );
  }

  /** Staging starts for a commit internalbf has not seen: its first row. */
  staged(at: number, sha: string, committedAt?: number): this {
    this.row(at, sha, "staging", "started", committedAt === undefined ? {} : { committed_at: committedAt });
    return this.event(at, sha, "staging_started");
  }

  /** Staging's result. */
  stagingResult(at: number, sha: string, status: "success" | "failure" | "cancelled"): this {
    this.row(at, sha, "staging", status);
    return this.event(at, sha, `staging_${status}`);
  }

  /** A dispatch decision (`triggered_by` null: the first promotion, written without it). */
  dispatched(at: number, sha: string, triggeredBy: string | null, committedAt?: number): this {
    this.row(at, sha, "production", "dispatching", committedAt === undefined ? {} : { committed_at: committedAt });
    return this.event(
      at,
      sha,
      "promotion_dispatch_queued",
      triggeredBy === null ? { live: null } : { triggered_by: triggeredBy },
    );
  }

  /** Staged at `at - 3 h`, passed at `at - 1 h`, dispatched at `at - 30 min` by a staging success. */
  promoted(at: number, sha: string, committedAt?: number): this {
    this.staged(at - 3 * HOUR, sha, committedAt);
    this.stagingResult(at - HOUR, sha, "success");
    return this.dispatched(at - 30 * MINUTE, sha, "internalbf-staging-success");
  }

  /** The commit went live; its row's phases when `budgetS` is given. */
  live(at: number, sha: string, budgetS?: number, emergency = false): this {
    this.row(at, sha, "production", "live", budgetS === undefined ? {} : { budget_s: budgetS });
    return this.event(at, sha, "production_live", emergency ? { run_id: 1, emergency: true } : { run_id: 1 });
  }

  /** A production run's failure event (its row failed). */
  failed(at: number, sha: string, kind: string, detail: Record<string, unknown> = {}): this {
    this.row(at, sha, "production", "failed");
    return this.event(at, sha, kind, detail);
  }

  /** An emergency run (the internalbf-down path) started, by `actor`, for `reason`. */
  emergencyRun(at: number, sha: string, actor: string, reason: string): this {
    this.row(at, sha, "production", "emergency");
    return this.event(at, sha, "production_emergency_started", { run_id: 1, reason }, { actor });
  }

  /** Writes everything, oldest first. */
  async write(): Promise<void> {
    const writes = [...this.writes].sort((a, b) => a.at - b.at || a.order - b.order);
    await runInDurableObject(pipeline(), (_instance, state) => {
      for (const { write } of writes) write(state.storage.sql);
    });
  }
}
