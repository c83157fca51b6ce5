// The read side: deployments newest first, and one commit's whole record. Each is a few indexed
// queries, so their cost does not grow with history.
import type { Environment } from "../protocol";
import { type DeploymentRow, type EventRow, type OutboxRow, toView } from "./rows";

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
