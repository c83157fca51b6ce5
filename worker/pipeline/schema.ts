// The Pipeline's SQLite schema, as numbered migrations applied once each, in order.

/** Each entry is one migration; its position + 1 is its version. Never edit one that has shipped: add another. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE deployments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha TEXT NOT NULL,
    environment TEXT NOT NULL CHECK (environment IN ('staging', 'production')),
    status TEXT NOT NULL,
    run_id INTEGER,
    run_url TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (sha, environment)
  );
  CREATE INDEX deployments_by_environment ON deployments (environment, id);
  CREATE INDEX deployments_by_status ON deployments (status, id);
  CREATE INDEX deployments_by_environment_status ON deployments (environment, status, id);

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha TEXT NOT NULL,
    environment TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    delivery TEXT,
    detail TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX events_by_sha ON events (sha, id);

  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    answer TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX deliveries_by_age ON deliveries (received_at);

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    sha TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX outbox_by_due ON outbox (state, due_at);
  CREATE INDEX outbox_by_sha ON outbox (sha, kind);

  CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Each dispatch decision has its own id, carried by its run's name (decisions still open get
  // one); after an ambiguous failure a dispatch entry looks for its run (since looking_since,
  // lookups so far) before it is sent again.
  `
  ALTER TABLE deployments ADD COLUMN dispatch_id TEXT;
  ALTER TABLE outbox ADD COLUMN looking_since INTEGER;
  ALTER TABLE outbox ADD COLUMN lookups INTEGER NOT NULL DEFAULT 0;
  UPDATE outbox SET payload = json_set(payload, '$.dispatch_id', 'ibf-entry-' || id)
    WHERE kind = 'dispatch' AND state IN ('pending', 'in_flight');
  UPDATE deployments SET dispatch_id = (
      SELECT json_extract(payload, '$.dispatch_id') FROM outbox
      WHERE outbox.sha = deployments.sha AND kind = 'dispatch' AND state IN ('pending', 'in_flight')
      ORDER BY id DESC LIMIT 1)
    WHERE environment = 'production' AND status = 'dispatching';
  `,
  // Operators' events: a pipeline event (a hold, a freeze) is of no commit or environment, and an
  // operator's says how they reached internalbf (via) and why (reason). SQLite cannot drop NOT NULL
  // in place: the table is rebuilt with its ids (the mirror's cursor counts them), then its index.
  `
  CREATE TABLE events_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha TEXT,
    environment TEXT,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    via TEXT,
    reason TEXT,
    delivery TEXT,
    detail TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  INSERT INTO events_rebuilt (id, sha, environment, kind, actor, delivery, detail, at)
    SELECT id, sha, environment, kind, actor, delivery, detail, at FROM events ORDER BY id;
  DROP TABLE events;
  ALTER TABLE events_rebuilt RENAME TO events;
  CREATE INDEX events_by_sha ON events (sha, id);
  `,
  // Monitoring: what GitHub holds a run for (the wait for reviewers is not the pipeline's time), the
  // mark of a deployment that stopped moving (alerted once, repeats counted) and when it last moved
  // (a new status, or a new wait GitHub names: not a subject line learned), the phases of a
  // deployment that went live, and the commit's subject line when GitHub said it.
  `
  ALTER TABLE deployments ADD COLUMN review TEXT;
  ALTER TABLE deployments ADD COLUMN review_since INTEGER;
  ALTER TABLE deployments ADD COLUMN review_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deployments ADD COLUMN stuck_since INTEGER;
  ALTER TABLE deployments ADD COLUMN stuck_repeats INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deployments ADD COLUMN phases TEXT;
  ALTER TABLE deployments ADD COLUMN subject TEXT;
  ALTER TABLE deployments ADD COLUMN moved_at INTEGER;
  UPDATE deployments SET moved_at = updated_at;
  `,
  // Metrics: the commit's own time (where lead time starts), set once from the first notification
  // that carries it; and the audit trail by kind and time, so /metrics reads its window only.
  `
  ALTER TABLE deployments ADD COLUMN committed_at INTEGER;
  CREATE INDEX events_by_kind_at ON events (kind, at);
  `,
  // The stuck clock stays cheap however many stagings never reported: the rows that should move on
  // by themselves (as deployments.ts's MOVING has them) and the marked ones, each a partial index.
  `
  CREATE INDEX deployments_moving ON deployments (moved_at)
    WHERE stuck_since IS NULL AND review IS NULL
      AND status IN ('started', 'ordering', 'dispatching', 'dispatched', 'deploying');
  CREATE INDEX deployments_stuck ON deployments (stuck_since) WHERE stuck_since IS NOT NULL;
  `,
];

/** Brings the database to the newest schema; cheap when it is already there. */
export function migrate(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const row = sql.exec<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations").one();
  const current = row.version ?? 0;
  MIGRATIONS.forEach((migration, index) => {
    const version = index + 1;
    if (version <= current) return;
    sql.exec(migration);
    sql.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", version, Date.now());
  });
}
