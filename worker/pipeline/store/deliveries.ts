// The deliveries table: each webhook-id seen and its first answer, kept far past the replay window;
// and each operator command's Idempotency-Key (under `idempotency:<route>:<actor>:<key>`).

const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export class Deliveries {
  constructor(private readonly sql: SqlStorage) {}

  /** The first answer given to a delivery (its JSON text), or null when the id is new. */
  answerOf(delivery: string): string | null {
    const row = this.sql.exec<{ answer: string }>("SELECT answer FROM deliveries WHERE id = ?", delivery).toArray()[0];
    return row?.answer ?? null;
  }

  /** The answer kept under `id` since `since`, or null (an older one no longer counts). */
  answerSince(id: string, since: number): string | null {
    const row = this.sql
      .exec<{ answer: string }>("SELECT answer FROM deliveries WHERE id = ? AND received_at >= ?", id, since)
      .toArray()[0];
    return row?.answer ?? null;
  }

  /** Keeps a delivery's answer (JSON text) for its repeats. */
  remember(delivery: string, answer: string, now: number): void {
    // An id seen before its time ran out (an idempotency key past its 24 h) takes the new answer.
    this.sql.exec(
      "INSERT INTO deliveries (id, answer, received_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET answer = excluded.answer, received_at = excluded.received_at",
      delivery,
      answer,
      now,
    );
  }

  /** Forgets deliveries past the retention. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM deliveries WHERE received_at < ?", now - RETENTION_MS);
  }

  /** When the oldest delivery is due to be forgotten, or null. */
  nextWake(): number | null {
    const oldest = this.sql.exec<{ at: number | null }>("SELECT min(received_at) AS at FROM deliveries").one().at;
    return oldest === null ? null : oldest + RETENTION_MS;
  }
}
