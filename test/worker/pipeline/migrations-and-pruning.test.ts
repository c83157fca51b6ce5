import { reset, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "../../../worker/pipeline/schema";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query, runOutboxNow, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("records each applied migration by version, and applies none twice", async () => {
  await decisionOf(notification({ commit_sha: sha(1), status: "skipped" }));
  await runInDurableObject(pipeline(), (_instance, state) => migrate(state.storage.sql));
  const versions = await query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
  expect(versions.map((row) => row.version)).toEqual(MIGRATIONS.map((_migration, index) => index + 1));
});

it("forgets deliveries after 7 days, keeping newer ones", async () => {
  await decisionOf(notification({ commit_sha: sha(1), status: "skipped" }), { id: "msg_old" });
  await decisionOf(notification({ commit_sha: sha(2), status: "skipped" }), { id: "msg_new" });
  await settled();
  const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
  await runInDurableObject(pipeline(), async (_instance, state) => {
    state.storage.sql.exec("UPDATE deliveries SET received_at = ? WHERE id = 'msg_old'", eightDaysAgo);
    await state.storage.setAlarm(Date.now());
  });
  await runDurableObjectAlarm(pipeline());
  const ids = await query<{ id: string }>("SELECT id FROM deliveries ORDER BY id");
  expect(ids.map((row) => row.id)).toEqual(["msg_new"]);
});

it("sleeps, once idle, until the oldest delivery is due to be forgotten", async () => {
  const before = Date.now();
  await decisionOf(notification({ commit_sha: sha(3), status: "skipped" }));
  await runOutboxNow();
  await settled();
  const alarm = await runInDurableObject(pipeline(), (_instance, state) => state.storage.getAlarm());
  expect(alarm).toBeGreaterThanOrEqual(before + 7 * 24 * 60 * 60 * 1000);
});

it("gives a dispatch still open when dispatch ids arrive an id of its own, on its entry and its row", async () => {
  await runInDurableObject(pipeline(), (_instance, state) => {
    const sql = state.storage.sql;
    sql.exec(
      "DROP TABLE deployments; DROP TABLE events; DROP TABLE deliveries; DROP TABLE outbox; DROP TABLE settings;",
    );
    sql.exec("DELETE FROM schema_migrations");
    sql.exec(MIGRATIONS[0] ?? "");
    sql.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0)");
    sql.exec(
      "INSERT INTO deployments (sha, environment, status, created_at, updated_at) VALUES (?, 'production', 'dispatching', 0, 0)",
      sha(1),
    );
    sql.exec(
      "INSERT INTO outbox (kind, key, sha, payload, state, due_at, created_at, updated_at) VALUES ('dispatch', 'dispatch:old', ?, ?, 'pending', 0, 0, 0)",
      sha(1),
      JSON.stringify({ sha: sha(1), triggered_by: "internalbf-staging-success" }),
    );
    migrate(sql);
  });
  const [entry] = await query<{ id: number; payload: string }>("SELECT id, payload FROM outbox");
  const [row] = await query<{ dispatch_id: string }>("SELECT dispatch_id FROM deployments");
  expect(JSON.parse(entry?.payload ?? "{}")).toMatchObject({ dispatch_id: `ibf-entry-${entry?.id}` });
  expect(row?.dispatch_id).toBe(`ibf-entry-${entry?.id}`);
});
