// The Pipeline's storage: every SQL statement lives here. Methods are synchronous and run inside
// the Durable Object's transactions, so a state change and its outbox rows commit together.
import type { DeploymentView, Environment } from "../protocol";
import { MIRROR_DELAY_MS } from "./mirroring";
import type {
  AuditEvent,
  Deployment,
  Effect,
  Outcome,
  PipelineState,
  ProductionDeployment,
  StagingDeployment,
} from "./model";
import { SLOT_STATUSES, WAITING_STATUSES } from "./model";
import { commitRecord } from "./records";
import { type DeploymentRow, type OutboxRow, toDeployment, toView } from "./rows";

export type { OutboxRow };

/** The keys of the KV audit mirror. */
export const CURRENT_KEY = "production:current";
export const deploymentKey = (sha: string): string => `deployment:${sha}`;

const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const DONE_RETENTION_MS = 24 * 60 * 60 * 1000;

const inList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(", ");
const SLOT = inList(SLOT_STATUSES);
const WAITING = inList(WAITING_STATUSES);

export class Store {
  /** The settings table, read once: this object is its only writer. */
  private settings: Map<string, string> | null = null;
  /** Rows written by the last apply(), for the answer's view without reading them again. */
  private written = new Map<string, DeploymentRow>();

  constructor(private readonly sql: SqlStorage) {}

  // --- deliveries -------------------------------------------------------------------------

  /** The first answer given to a delivery (its JSON text), or null when the id is new. */
  answerOf(delivery: string): string | null {
    const row = this.sql.exec<{ answer: string }>("SELECT answer FROM deliveries WHERE id = ?", delivery).toArray()[0];
    return row?.answer ?? null;
  }

  /** Keeps a delivery's answer (JSON text) for its repeats. */
  remember(delivery: string, answer: string, now: number): void {
    this.sql.exec("INSERT INTO deliveries (id, answer, received_at) VALUES (?, ?, ?)", delivery, answer, now);
  }

  // --- the policy's view ----------------------------------------------------------------------

  /**
   * What the policy needs to decide about `sha`: one statement, settings from memory, and (for a
   * production run's notification, `runs`) the runs of `sha` the gate refused.
   */
  state(sha: string, runs = false): PipelineState {
    const found = this.sql
      .exec<DeploymentRow>(
        `SELECT * FROM deployments WHERE sha = ?
         UNION
         SELECT * FROM deployments WHERE environment = 'production' AND status IN ('live', ${SLOT}, ${WAITING})
         ORDER BY id DESC`,
        sha,
      )
      .toArray()
      .map(toDeployment);
    const production = found.filter((row) => row.environment === "production");
    const own = (environment: Environment) => found.find((row) => row.sha === sha && row.environment === environment);
    return {
      frozen: this.setting("frozen") === "true",
      onHold: this.setting("on_hold") === "true",
      neverPromote: this.setting(`never_promote:${sha}`) !== null,
      live: production.find((row) => row.status === "live")?.sha ?? null,
      slot:
        (production.find((row) => SLOT_STATUSES.includes(row.status as never)) as ProductionDeployment | undefined) ??
        null,
      waiting: production.filter((row) => WAITING_STATUSES.includes(row.status as never)) as ProductionDeployment[],
      staging: (own("staging") as StagingDeployment | undefined) ?? null,
      production: (own("production") as ProductionDeployment | undefined) ?? null,
      refusedRuns: runs ? this.refusedRuns(sha) : [],
    };
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

  /**
   * Writes an outcome: rows, audit events (which the KV mirror follows), outbox entries (alerts
   * fan out per endpoint). True when it enqueued an effect to attempt at once (a dispatch, a
   * compare, an alert).
   */
  apply(outcome: Outcome, now: number, delivery: string | null, endpoints: readonly string[]): boolean {
    this.written.clear();
    for (const change of outcome.changes) {
      const row = this.sql
        .exec<DeploymentRow>(
          `INSERT INTO deployments (sha, environment, status, run_id, run_url, error, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha, environment) DO UPDATE SET
           status = excluded.status,
           run_id = CASE WHEN ? THEN excluded.run_id ELSE deployments.run_id END,
           run_url = CASE WHEN ? THEN excluded.run_url ELSE deployments.run_url END,
           error = CASE WHEN ? THEN excluded.error ELSE deployments.error END,
           updated_at = excluded.updated_at
         RETURNING *`,
          change.sha,
          change.environment,
          change.status,
          change.run_id ?? null,
          change.run_url ?? null,
          change.error ?? null,
          now,
          now,
          change.run_id !== undefined ? 1 : 0,
          change.run_url !== undefined ? 1 : 0,
          change.error !== undefined ? 1 : 0,
        )
        .one();
      this.written.set(`${row.sha}:${row.environment}`, row);
    }
    for (const event of outcome.events) this.event(event, delivery, now);
    for (const effect of outcome.effects) this.enqueue(effect, now, endpoints, delivery);
    return outcome.effects.some(
      (effect) => effect.kind !== "settle_dispatch" && (effect.kind !== "alert" || endpoints.length > 0),
    );
  }

  private event(event: AuditEvent, delivery: string | null, now: number): void {
    this.sql.exec(
      "INSERT INTO events (sha, environment, kind, actor, delivery, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      event.sha,
      event.environment,
      event.kind,
      event.actor,
      delivery,
      JSON.stringify(event.detail),
      now,
    );
  }

  private enqueue(effect: Effect, now: number, endpoints: readonly string[], delivery: string | null): void {
    switch (effect.kind) {
      case "settle_dispatch":
        this.sql.exec(
          "UPDATE outbox SET state = 'done', last_error = 'settled: the dispatched run reported in', updated_at = ? WHERE sha = ? AND kind = 'dispatch' AND state IN ('pending', 'in_flight')",
          now,
          effect.sha,
        );
        return;
      case "alert":
        this.event(
          {
            sha: effect.alert.sha,
            environment: effect.alert.environment,
            kind: "alert_raised",
            actor: "internalbf",
            detail: { alert: effect.alert.kind, endpoints: endpoints.length, summary: effect.alert.summary },
          },
          delivery,
          now,
        );
        endpoints.forEach((endpoint, index) => {
          this.insertOutbox(
            "alert",
            effect.alert.sha,
            { endpoint: index, url: endpoint, alert: effect.alert, raised_at: now },
            now,
          );
        });
        return;
      case "dispatch": {
        // One decision, one id: the run's name carries it, so internalbf knows its run from a hand-run.
        const dispatchId = `ibf-${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
        const row = this.sql
          .exec<DeploymentRow>(
            "UPDATE deployments SET dispatch_id = ? WHERE sha = ? AND environment = 'production' RETURNING *",
            dispatchId,
            effect.sha,
          )
          .toArray()[0];
        if (row !== undefined) this.written.set(`${row.sha}:${row.environment}`, row);
        this.insertOutbox(
          "dispatch",
          effect.sha,
          { sha: effect.sha, triggered_by: effect.triggeredBy, dispatch_id: dispatchId },
          now,
        );
        return;
      }
      case "compare":
        this.insertOutbox("compare", effect.sha, { live: effect.live, sha: effect.sha }, now);
        return;
    }
  }

  private insertOutbox(kind: string, sha: string, payload: unknown, now: number): void {
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

  // --- rows --------------------------------------------------------------------------------

  private rows(where: string, ...bindings: SqlStorageValue[]): Deployment[] {
    return this.sql
      .exec<DeploymentRow>(`SELECT * FROM deployments WHERE ${where}`, ...bindings)
      .toArray()
      .map(toDeployment);
  }

  /** A commit's row in one environment as the API shows it; `none` when there is no row. */
  view(sha: string, environment: Environment): DeploymentView {
    const row =
      this.written.get(`${sha}:${environment}`) ??
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

  // --- the KV mirror ---------------------------------------------------------------------

  /** Audit events after `cursor` recorded by `until`, oldest first: what the mirror has yet to write. */
  unmirrored(cursor: number, until: number, limit: number): { id: number; sha: string; kind: string }[] {
    return this.sql
      .exec<{ id: number; sha: string; kind: string }>(
        "SELECT id, sha, kind FROM events WHERE id > ? AND at <= ? ORDER BY id LIMIT ?",
        cursor,
        until,
        limit,
      )
      .toArray();
  }

  /** When the oldest event after `cursor` was recorded, or null when the mirror is up to date. */
  unmirroredSince(cursor: number): number | null {
    return (
      this.sql.exec<{ at: number }>("SELECT at FROM events WHERE id > ? ORDER BY id LIMIT 1", cursor).toArray()[0]
        ?.at ?? null
    );
  }

  /** The id of the last event mirrored to KV. */
  mirrorCursor(): number {
    return Number(this.setting("mirror_cursor") ?? 0);
  }

  /** A commit's mirror value: its record with its events (`deployment:<sha>`), without the outbox. */
  mirrorValue(sha: string): string {
    return JSON.stringify(
      commitRecord(this.sql, sha, { effects: false }) ?? { sha, staging: null, production: null, events: [] },
    );
  }

  // --- outbox ------------------------------------------------------------------------------

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
    return this.settleEntry(
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
    return this.settleEntry(id, "state = 'done', last_error = NULL", now);
  }

  /** The entry is tried again at `dueAt` (a dispatch sent again: it no longer looks for a run). */
  retryAt(id: number, dueAt: number, error: string, now: number): boolean {
    return this.settleEntry(
      id,
      "state = 'pending', due_at = ?, last_error = ?, looking_since = NULL, lookups = 0",
      now,
      dueAt,
      error,
    );
  }

  /** The entry failed for good (visible in the commit's record). */
  fail(id: number, error: string, now: number): boolean {
    return this.settleEntry(id, "state = 'failed', last_error = ?", now, error);
  }

  private settleEntry(id: number, set: string, now: number, ...values: SqlStorageValue[]): boolean {
    const cursor = this.sql.exec(
      `UPDATE outbox SET ${set}, updated_at = ? WHERE id = ? AND state = 'in_flight'`,
      ...values,
      now,
      id,
    );
    cursor.toArray();
    return cursor.rowsWritten > 0;
  }

  /**
   * When the alarm should next wake: the earliest due effect or lease (but of the `held` kinds,
   * which wait for the worker's next deploy and the cron), the next mirror write (not before
   * `mirrorsFrom`), or the next delivery to prune.
   */
  nextWake(mirrorsFrom: number, held: readonly string[] = []): number | null {
    const min = (sql: string) => this.sql.exec<{ at: number | null }>(sql).one().at;
    const ready = held.length === 0 ? "" : ` AND kind NOT IN (${inList(held)})`;
    const effects = min(`SELECT min(due_at) AS at FROM outbox WHERE state IN ('pending', 'in_flight')${ready}`);
    const unmirrored = this.unmirroredSince(this.mirrorCursor());
    const oldest = min("SELECT min(received_at) AS at FROM deliveries");
    const candidates = [
      effects,
      unmirrored === null ? null : Math.max(unmirrored + MIRROR_DELAY_MS, mirrorsFrom),
      oldest === null ? null : oldest + DELIVERY_RETENTION_MS,
    ].filter((at): at is number => at !== null);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /** Forgets deliveries past the replay window by far, and finished outbox entries. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM deliveries WHERE received_at < ?", now - DELIVERY_RETENTION_MS);
    this.sql.exec("DELETE FROM outbox WHERE state = 'done' AND updated_at < ?", now - DONE_RETENTION_MS);
  }

  // --- settings ----------------------------------------------------------------------------

  /** A setting, from memory: the table is read once, and this object is its only writer. */
  setting(name: string): string | null {
    this.settings ??= new Map(
      this.sql
        .exec<{ name: string; value: string }>("SELECT name, value FROM settings")
        .toArray()
        .map((row) => [row.name, row.value]),
    );
    return this.settings.get(name) ?? null;
  }

  /** Writes a setting (inside a transaction); the cache is read again after it. */
  setSetting(name: string, value: string): void {
    this.sql.exec(
      "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      name,
      value,
    );
    this.settings?.set(name, value);
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

  // --- the overview ----------------------------------------------------------------------

  /** The pipeline at a glance: live commit, the slot, the waiting queue, freeze, outbox health. */
  pipeline() {
    const production = this.rows(
      `environment = 'production' AND status IN ('live', ${SLOT}, ${WAITING}) ORDER BY id DESC`,
    );
    const counts = this.sql
      .exec<{ state: string; count: number }>(
        "SELECT state, count(*) AS count FROM outbox WHERE state IN ('pending', 'in_flight', 'failed') GROUP BY state",
      )
      .toArray();
    const slot = production.find((row) => SLOT_STATUSES.includes(row.status as never));
    return {
      live: production.find((row) => row.status === "live")?.sha ?? null,
      in_flight:
        slot === undefined ? null : { sha: slot.sha, status: slot.status, run_id: slot.run_id, run_url: slot.run_url },
      queue: production
        .filter((row) => WAITING_STATUSES.includes(row.status as never))
        .map((row) => ({ sha: row.sha, status: row.status })),
      frozen: this.setting("frozen") === "true",
      on_hold: this.setting("on_hold") === "true",
      outbox: Object.fromEntries(counts.map((row) => [row.state, row.count])),
      mirror_behind: this.sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM events WHERE id > ?", this.mirrorCursor())
        .one().n,
    };
  }
}
