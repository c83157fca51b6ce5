import { reset, runInDurableObject } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "../../../worker/pipeline/schema";
import { sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

/** The version before events could belong to no commit and carry an operator's via and reason. */
const BEFORE = MIGRATIONS.findIndex((migration) => migration.includes("events_rebuilt"));

it("the migration that makes an event's commit optional keeps every event, its id and its fields", async () => {
  expect(BEFORE).toBeGreaterThan(0);
  const before = await runInDurableObject(pipeline(), (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec(
      "DROP TABLE deployments; DROP TABLE events; DROP TABLE deliveries; DROP TABLE outbox; DROP TABLE settings;",
    );
    sql.exec("DELETE FROM schema_migrations");
    MIGRATIONS.slice(0, BEFORE).forEach((migration, index) => {
      sql.exec(migration);
      sql.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)", index + 1);
    });
    // Ids with gaps, as a long-lived table has none but the mirror's cursor must keep meaning the same event.
    for (const [id, n] of [
      [3, 1],
      [7, 2],
      [12, 1],
    ] as const) {
      sql.exec(
        "INSERT INTO events (id, sha, environment, kind, actor, delivery, detail, at) VALUES (?, ?, 'staging', 'staging_success', 'octocat', ?, ?, ?)",
        id,
        sha(n),
        `msg_${id}`,
        JSON.stringify({ run_id: id }),
        1_700_000_000_000 + id,
      );
    }
    const rows = sql.exec("SELECT * FROM events ORDER BY id").toArray();
    migrate(sql);
    return rows;
  });

  const after = await query("SELECT * FROM events ORDER BY id");
  expect(after).toEqual(before.map((row) => ({ ...row, via: null, reason: null })));
  const indexes = await query<{ name: string }>("SELECT name FROM pragma_index_list('events')");
  expect(indexes.map((index) => index.name)).toContain("events_by_sha");

  // Ids go on after the highest, and an event of the pipeline itself has no commit or environment.
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec(
      "INSERT INTO events (sha, environment, kind, actor, via, reason, detail, at) VALUES (NULL, NULL, 'frozen', 'ana@example.com', 'access', 'release train', '{}', 0)",
    );
  });
  const [frozen] = await query<{ id: number; sha: string | null }>("SELECT id, sha FROM events WHERE kind = 'frozen'");
  expect(frozen).toEqual({ id: 13, sha: null });
});
