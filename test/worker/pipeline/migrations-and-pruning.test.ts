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
