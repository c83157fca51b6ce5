// The events table: the append-only audit trail (who, what, when, why), which the KV mirror tails.
import type { AuditEvent } from "../model";
import type { EventRow } from "../rows";
import { inList } from "./sql";

/** Above every id: the first page's cursor, so every page is the same keyset query. */
const NEWEST = Number.MAX_SAFE_INTEGER;

export class Events {
  constructor(private readonly sql: SqlStorage) {}

  /** Appends one event (an operator's carries `via` and `reason`; others store null). */
  append(event: AuditEvent, delivery: string | null, now: number): void {
    this.sql.exec(
      "INSERT INTO events (sha, environment, kind, actor, via, reason, delivery, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      event.sha,
      event.environment,
      event.kind,
      event.actor,
      event.via ?? null,
      event.reason ?? null,
      delivery,
      JSON.stringify(event.detail),
      now,
    );
  }

  /**
   * Up to `limit` events before `cursor` (an id; null: from the newest), newest first, of `sha` or
   * of everything: a range of the primary key, or of events_by_sha, so a page costs the same at any
   * length of history.
   */
  page(sha: string | null, cursor: number | null, limit: number): EventRow[] {
    const before = cursor ?? NEWEST;
    return (
      sha === null
        ? this.sql.exec<EventRow>("SELECT * FROM events WHERE id < ? ORDER BY id DESC LIMIT ?", before, limit)
        : this.sql.exec<EventRow>(
            "SELECT * FROM events WHERE sha = ? AND id < ? ORDER BY id DESC LIMIT ?",
            sha,
            before,
            limit,
          )
    ).toArray();
  }

  /** `sha`'s events of `kinds`, oldest first, their detail parsed (a deployment's milestones). */
  ofKinds(sha: string, kinds: readonly string[]): { kind: string; at: number; detail: Record<string, unknown> }[] {
    return this.sql
      .exec<{ kind: string; at: number; detail: string }>(
        `SELECT kind, at, detail FROM events WHERE sha = ? AND kind IN (${inList(kinds)}) ORDER BY id`,
        sha,
      )
      .toArray()
      .map((row) => ({ kind: row.kind, at: row.at, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }

  /** Runs of `sha` the gate refused (rejected or duplicate), from its audit trail. */
  refusedRuns(sha: string): number[] {
    return this.sql
      .exec<{ run_id: number | null }>(
        `SELECT json_extract(detail, '$.run_id') AS run_id FROM events
         WHERE sha = ? AND kind IN ('production_start_rejected', 'production_start_duplicate')`,
        sha,
      )
      .toArray()
      .flatMap((row) => (typeof row.run_id === "number" ? [row.run_id] : []));
  }

  /** Events after `cursor` recorded by `until`, oldest first: what the mirror has yet to write. */
  after(cursor: number, until: number, limit: number): { id: number; sha: string | null; kind: string }[] {
    return this.sql
      .exec<{ id: number; sha: string | null; kind: string }>(
        "SELECT id, sha, kind FROM events WHERE id > ? AND at <= ? ORDER BY id LIMIT ?",
        cursor,
        until,
        limit,
      )
      .toArray();
  }

  /** When the oldest event after `cursor` was recorded, or null when there is none. */
  oldestAfter(cursor: number): number | null {
    return (
      this.sql.exec<{ at: number }>("SELECT at FROM events WHERE id > ? ORDER BY id LIMIT 1", cursor).toArray()[0]
        ?.at ?? null
    );
  }

  /** How many events come after `cursor`. */
  countAfter(cursor: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM events WHERE id > ?", cursor).one().n;
  }
}
