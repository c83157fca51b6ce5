// What /metrics reads: the audit events of a window of time, by kind (events_by_kind_at), each
// production outcome with its commit's context (its earlier events through events_by_sha, its rows
// through their (sha, environment) key). Every read is a search of an index bounded by the window or
// by one commit, so its cost follows the window, never the length of history.
import { inList } from "./sql";

/** Production outcomes: a run that went live, or failed in production. */
export const OUTCOME_KINDS = [
  "production_live",
  "production_failure",
  "production_cancelled",
  // GitHub says the run ended without reporting: a deployment when it had started (detail.started).
  "production_run_unreported",
  "production_emergency_failure",
  "production_emergency_cancelled",
] as const;

/** The audit events an operator's command writes (worker/pipeline/policy/commands.ts). */
export const COMMAND_KINDS = [
  "hold_set",
  "hold_released",
  "frozen",
  "unfrozen",
  "blocked",
  "unblocked",
  "retry_requested",
  "abandoned",
  "promote_requested",
  "rollback_requested",
  "emergency_requested",
] as const;

/** The other events of the window /metrics reads: commands, emergency runs' starts, staging failures. */
export const WINDOW_KINDS = [...COMMAND_KINDS, "production_emergency_started", "staging_failure"] as const;

/** A production outcome event with what its commit had before it. */
export interface OutcomeRow extends Record<string, SqlStorageValue> {
  id: number;
  sha: string;
  kind: string;
  at: number;
  /** detail.emergency: 1 for a run on the internalbf-down path. */
  emergency: number | null;
  /** detail.started of production_run_unreported: 1 when the run had passed the gate. */
  started: number | null;
  /** The triggered_by of the commit's last dispatch decision before it (null: a staging success). */
  triggered_by: string | null;
  /** 1 when the commit went live before this event. */
  live_before: number;
  /** 1 when the commit passed staging before this event. */
  passed_staging: number;
  /** The commit's own time (ms), when a notification said it. */
  committed_at: number | null;
  /** When internalbf first recorded the commit (ms): its first row. */
  first_seen: number | null;
  /** budget_s of the phases on the commit's production row (written at its latest live). */
  budget_s: number | null;
}

/** An event of WINDOW_KINDS. */
export interface WindowRow extends Record<string, SqlStorageValue> {
  id: number;
  sha: string | null;
  kind: string;
  at: number;
  actor: string;
  via: string | null;
  reason: string | null;
  /** detail.from of rollback_requested: the commit live when the rollback was asked. */
  rolled_back_from: string | null;
  /** detail.reason of production_emergency_started: the run's reason. */
  detail_reason: string | null;
}

/** Everything /metrics computes from, for one window. */
export interface MetricFacts {
  readonly outcomes: OutcomeRow[];
  readonly events: WindowRow[];
}

// The per-commit lookups name events_by_sha: a planner tempted by events_by_kind_at (kind = ?)
// would walk every event of that kind in history.
const OUTCOMES = `
  SELECT e.id, e.sha, e.kind, e.at,
    json_extract(e.detail, '$.emergency') AS emergency,
    json_extract(e.detail, '$.started') AS started,
    (SELECT json_extract(d.detail, '$.triggered_by') FROM events AS d INDEXED BY events_by_sha
      WHERE d.sha = e.sha AND d.id < e.id AND d.kind = 'promotion_dispatch_queued'
      ORDER BY d.id DESC LIMIT 1) AS triggered_by,
    EXISTS (SELECT 1 FROM events AS x INDEXED BY events_by_sha
      WHERE x.sha = e.sha AND x.id < e.id AND x.kind = 'production_live') AS live_before,
    EXISTS (SELECT 1 FROM events AS x INDEXED BY events_by_sha
      WHERE x.sha = e.sha AND x.id < e.id AND x.kind = 'staging_success') AS passed_staging,
    coalesce(s.committed_at, p.committed_at) AS committed_at,
    min(coalesce(s.created_at, p.created_at), coalesce(p.created_at, s.created_at)) AS first_seen,
    json_extract(p.phases, '$.budget_s') AS budget_s
  FROM events AS e
  LEFT JOIN deployments AS p ON p.sha = e.sha AND p.environment = 'production'
  LEFT JOIN deployments AS s ON s.sha = e.sha AND s.environment = 'staging'
  WHERE e.kind IN (${inList(OUTCOME_KINDS)}) AND e.at >= ? AND e.at <= ?`;

const WINDOW = `
  SELECT id, sha, kind, at, actor, via, reason,
    json_extract(detail, '$.from') AS rolled_back_from,
    json_extract(detail, '$.reason') AS detail_reason
  FROM events
  WHERE kind IN (${inList(WINDOW_KINDS)}) AND at >= ? AND at <= ?`;

/** The facts of the window [since, until] (ms), each list in the order things happened. */
export function metricFacts(sql: SqlStorage, since: number, until: number): MetricFacts {
  // Sorted here, not in SQL: the window is small, and an ORDER BY across kinds needs a temporary B-tree.
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  return {
    outcomes: sql.exec<OutcomeRow>(OUTCOMES, since, until).toArray().sort(byId),
    events: sql.exec<WindowRow>(WINDOW, since, until).toArray().sort(byId),
  };
}
