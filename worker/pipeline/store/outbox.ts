// The outbox table: side effects to do (dispatch, compare, alert), written in the same transaction
// as the change that asked for them, claimed before any call is made, settled after.
import type { OutboxRow } from "../rows";
import { inList } from "./sql";

const DONE_RETENTION_MS = 24 * 60 * 60 * 1000;

export class Outbox {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds an entry, due now. */
  insert(kind: string, sha: string, payload: unknown, now: number): void {
    this.sql.exec(
      "INSERT INTO outbox (kind, key, sha, payload, state, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
      kind,
      `${kind}:${crypto.randomUUID()}`,
      sha,
      JSON.stringify(payload),
      now,
      now,
      now,
    );
  }

  /** Drops a dispatch of `sha` still waiting: its run has reported in, so GitHub took it. */
  settleDispatch(sha: string, now: number): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'done', last_error = 'settled: the dispatched run reported in', updated_at = ? WHERE sha = ? AND kind = 'dispatch' AND state IN ('pending', 'in_flight')",
      now,
      sha,
    );
  }

  /** Cancels `sha`'s pending dispatch and compare: an operator gave its deployment up (alerts still go). */
  cancel(sha: string, now: number): void {
    this.sql.exec(
      "UPDATE outbox SET state = 'done', last_error = 'cancelled: the deployment was abandoned', updated_at = ? WHERE sha = ? AND kind IN ('dispatch', 'compare') AND state IN ('pending', 'in_flight')",
      now,
      sha,
    );
  }

  /**
   * Marks due entries in flight before any call is made, and returns them; `reclaimed` when the
   * lease ran out (the isolate was lost mid-call). Entries of the kinds in `held` are left waiting
   * (a setting they need failed validation). An attempt is counted at the claim, but for a dispatch
   * only when it is sent (see countAttempt): looking for its run is not an attempt.
   */
  claimDue(
    now: number,
    leaseMs: number,
    limit: number,
    held: readonly string[] = [],
  ): { row: OutboxRow; reclaimed: boolean }[] {
    const claim = `UPDATE outbox SET state = 'in_flight', attempts = attempts + (kind <> 'dispatch'), due_at = ${now + leaseMs}, updated_at = ${now}`;
    const ready = held.length === 0 ? "" : ` AND kind NOT IN (${inList(held)})`;
    const reclaimed = this.sql
      .exec<OutboxRow>(`${claim} WHERE state = 'in_flight' AND due_at <= ${now}${ready} RETURNING *`)
      .toArray();
    const due = this.sql
      .exec<OutboxRow>(
        `${claim} WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ${now}${ready} ORDER BY due_at LIMIT ${limit}) RETURNING *`,
      )
      .toArray();
    return [...reclaimed.map((row) => ({ row, reclaimed: true })), ...due.map((row) => ({ row, reclaimed: false }))];
  }

  /** Says on every waiting entry of the `held` kinds why it waits (once: unchanged notes are not written again). */
  noteHeld(held: readonly string[], note: string, now: number): void {
    if (held.length === 0) return;
    this.sql.exec(
      `UPDATE outbox SET last_error = ?, updated_at = ? WHERE state = 'pending' AND kind IN (${inList(held)}) AND last_error IS NOT ?`,
      note,
      now,
      note,
    );
  }

  /** Counts a dispatch's attempt, in storage before it is sent; the attempts so far. */
  countAttempt(id: number): number {
    return this.sql
      .exec<{ attempts: number }>("UPDATE outbox SET attempts = attempts + 1 WHERE id = ? RETURNING attempts", id)
      .one().attempts;
  }

  /**
   * The dispatch may have reached GitHub: from `since`, look for its run before sending it again
   * (`lookups` so far), next at `dueAt`. Uses up no attempt.
   */
  lookAgainAt(id: number, dueAt: number, since: number, lookups: number, note: string, now: number): boolean {
    return this.settle(
      id,
      "state = 'pending', due_at = ?, looking_since = ?, lookups = ?, last_error = ?",
      now,
      dueAt,
      since,
      lookups,
      note,
    );
  }

  /** The entry is done. False when it was no longer in flight (settled, or marked again meanwhile). */
  finish(id: number, now: number): boolean {
    return this.settle(id, "state = 'done', last_error = NULL", now);
  }

  /** The entry is tried again at `dueAt` (a dispatch sent again: it no longer looks for a run). */
  retryAt(id: number, dueAt: number, error: string, now: number): boolean {
    return this.settle(
      id,
      "state = 'pending', due_at = ?, last_error = ?, looking_since = NULL, lookups = 0",
      now,
      dueAt,
      error,
    );
  }

  /** The entry failed for good (visible in the commit's record). */
  fail(id: number, error: string, now: number): boolean {
    return this.settle(id, "state = 'failed', last_error = ?", now, error);
  }

  private settle(id: number, set: string, now: number, ...values: SqlStorageValue[]): boolean {
    const cursor = this.sql.exec(
      `UPDATE outbox SET ${set}, updated_at = ? WHERE id = ? AND state = 'in_flight'`,
      ...values,
      now,
      id,
    );
    cursor.toArray();
    return cursor.rowsWritten > 0;
  }

  /** Entries pending, in flight and failed, by state. */
  counts(): Record<string, number> {
    const rows = this.sql
      .exec<{ state: string; count: number }>(
        "SELECT state, count(*) AS count FROM outbox WHERE state IN ('pending', 'in_flight', 'failed') GROUP BY state",
      )
      .toArray();
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  }

  /** When the oldest entry still to do was created, or null. */
  oldestPending(): number | null {
    return this.sql
      .exec<{ at: number | null }>("SELECT min(created_at) AS at FROM outbox WHERE state IN ('pending', 'in_flight')")
      .one().at;
  }

  /** Forgets entries done a day ago. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM outbox WHERE state = 'done' AND updated_at < ?", now - DONE_RETENTION_MS);
  }

  /** The earliest due entry or lease, but of the `held` kinds (they wait for a deploy and the cron); null when none. */
  nextWake(held: readonly string[] = []): number | null {
    const ready = held.length === 0 ? "" : ` AND kind NOT IN (${inList(held)})`;
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT min(due_at) AS at FROM outbox WHERE state IN ('pending', 'in_flight')${ready}`,
      )
      .one().at;
  }
}
