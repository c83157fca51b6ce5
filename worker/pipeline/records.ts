// The read side: deployments newest first, the audit trail newest first, and one commit's whole
// record. Each is a few indexed queries, so their cost does not grow with history.
import type { Environment } from "../protocol";
import { SYSTEM } from "./policy/outcome";
import { type DeploymentRow, type EventRow, type OutboxRow, toView } from "./rows";
import type { Events } from "./store/events";

/** Deployments newest first, filtered, one page after `cursor` (an id); served by indexes. */
export function listDeployments(
  sql: SqlStorage,
  filter: { environment: string | null; status: string | null; limit: number; cursor: number | null },
) {
  const where: string[] = [];
  const bindings: SqlStorageValue[] = [];
  if (filter.environment !== null) {
    where.push("environment = ?");
    bindings.push(filter.environment);
  }
  if (filter.status !== null) {
    where.push("status = ?");
    bindings.push(filter.status);
  }
  if (filter.cursor !== null) {
    where.push("id < ?");
    bindings.push(filter.cursor);
  }
  const rows = sql
    .exec<DeploymentRow>(
      `SELECT * FROM deployments ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
      ...bindings,
      filter.limit + 1,
    )
    .toArray();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    deployments: page.map(toView),
    next_cursor: rows.length > filter.limit && last !== undefined ? String(last.id) : null,
  };
}

/** One audit event as GET /events shows it. */
export interface EventView {
  readonly id: number;
  readonly at: string;
  readonly sha: string | null;
  readonly environment: string | null;
  readonly kind: string;
  readonly actor: string;
  readonly via: string | null;
  readonly reason: string | null;
  readonly detail: unknown;
}

/** The audit trail newest first, of one commit or of everything, one page after `cursor` (an id). */
export function listEvents(
  events: Events,
  filter: { sha: string | null; limit: number; cursor: number | null },
): { events: EventView[]; next_cursor: string | null } {
  const rows = events.page(filter.sha, filter.cursor, filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return {
    events: page.map(eventView),
    next_cursor: rows.length > filter.limit && last !== undefined ? String(last.id) : null,
  };
}

function eventView(row: EventRow): EventView {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    sha: row.sha,
    environment: row.environment,
    kind: row.kind,
    actor: row.actor,
    via: viaOf(row),
    reason: row.reason,
    detail: JSON.parse(row.detail) as unknown,
  };
}

/**
 * How the actor reached internalbf: an operator's event says it (`access`, `token`); any other event
 * whose actor is not internalbf itself was recorded from a notification, so from GitHub.
 */
function viaOf(row: EventRow): string | null {
  if (row.via !== null) return row.via;
  return row.actor === SYSTEM ? null : "github";
}

/** A commit's whole record: both environments, the audit trail and its outbox entries. */
export function commitRecord(sql: SqlStorage, sha: string, include: { effects: boolean } = { effects: true }) {
  const rows = sql.exec<DeploymentRow>("SELECT * FROM deployments WHERE sha = ?", sha).toArray();
  const events = sql.exec<EventRow>("SELECT * FROM events WHERE sha = ? ORDER BY id", sha).toArray();
  if (rows.length === 0 && events.length === 0) return null;
  const of = (environment: Environment) => {
    const row = rows.find((candidate) => candidate.environment === environment);
    return row === undefined ? null : toView(row);
  };
  const record = {
    sha,
    staging: of("staging"),
    production: of("production"),
    events: events.map((event) => ({
      at: new Date(event.at).toISOString(),
      environment: event.environment,
      kind: event.kind,
      actor: event.actor,
      via: viaOf(event),
      reason: event.reason,
      delivery: event.delivery,
      detail: JSON.parse(event.detail) as unknown,
    })),
  };
  if (!include.effects) return record;
  const outbox = sql.exec<OutboxRow>("SELECT * FROM outbox WHERE sha = ? ORDER BY id", sha).toArray();
  const effects = outbox.map((entry) => ({
    kind: entry.kind,
    state: entry.state,
    attempts: entry.attempts,
    due_at: new Date(entry.due_at).toISOString(),
    last_error: entry.last_error,
  }));
  return { ...record, effects };
}
