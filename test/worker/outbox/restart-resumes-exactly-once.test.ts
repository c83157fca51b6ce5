import { abortAllDurableObjects, reset, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, expect, it, vi } from "vitest";
import type { Pipeline } from "../../../worker/pipeline/Pipeline";
import { decide } from "../../../worker/pipeline/policy";
import { Store } from "../../../worker/pipeline/store";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("resumes from the alarm after the object stopped between the commit and the call", async () => {
  // The notification's transaction committed (state, outbox entry and fallback alarm together) and
  // the object stopped before the immediate attempt.
  await runInDurableObject(pipeline(), async (_instance: Pipeline, state) => {
    const store = new Store(state.storage.sql);
    const n = notification({ commit_sha: sha(1) });
    state.storage.transactionSync(() => {
      store.apply(decide(store.state(sha(1)), { kind: "notification", notification: n }), Date.now(), "msg_1", []);
    });
    await state.storage.setAlarm(Date.now() + 30_000);
  });
  await abortAllDurableObjects();
  expect(await outside.requests("dispatch")).toHaveLength(0);

  expect(await runDurableObjectAlarm(pipeline())).toBe(true);
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1)]);
  const [row] = await query<{ status: string }>("SELECT status FROM deployments WHERE environment = 'production'");
  expect(row?.status).toBe("dispatched");
});

it("does not send again after the object stopped during the call that GitHub accepted", async () => {
  await outside.script("dispatch", [{ delayMs: 1_500 }]);
  await post(notification({ commit_sha: sha(1) }));
  await vi.waitFor(async () => expect(await outside.requests("dispatch")).toHaveLength(1));
  await abortAllDurableObjects();
  // GitHub finishes accepting the request the object no longer waits for.
  await vi.waitFor(async () => expect(await outside.runs()).toHaveLength(1), { timeout: 5_000 });

  const [entry] = await query<{ state: string }>("SELECT state FROM outbox WHERE kind = 'dispatch'");
  expect(entry?.state).toBe("in_flight");
  // The lease runs out, the alarm claims the entry again and reconciles by the run's name.
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec("UPDATE outbox SET due_at = 0 WHERE state = 'in_flight'");
  });
  await runDurableObjectAlarm(pipeline());
  await settled();
  expect(await outside.requests("dispatch")).toHaveLength(1);
  const [row] = await query<{ status: string; run_id: number }>(
    "SELECT status, run_id FROM deployments WHERE environment = 'production'",
  );
  expect(row).toMatchObject({ status: "dispatched", run_id: (await outside.runs())[0]?.id });
});
