// Reaching into the Pipeline Durable Object: its storage, its outbox, its alarm.

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { Pipeline } from "../../../worker/pipeline/Pipeline";
import { REPOSITORY } from "./bindings";
import { outside } from "./outside";

export const pipeline = (): DurableObjectStub<Pipeline> => env.PIPELINE.getByName(REPOSITORY);

/** Rows of a query against the Pipeline's SQLite storage. */
export function query<T extends Record<string, SqlStorageValue>>(
  sql: string,
  ...bindings: SqlStorageValue[]
): Promise<T[]> {
  return runInDurableObject(pipeline(), (_instance, state) => state.storage.sql.exec<T>(sql, ...bindings).toArray());
}

/**
 * Time travel: makes every waiting outbox entry due now and every audit event old enough for the
 * KV mirror, then runs the alarm.
 */
export async function runOutboxNow(): Promise<void> {
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec("UPDATE outbox SET due_at = 0 WHERE state = 'pending'");
    state.storage.sql.exec("UPDATE events SET at = at - 2000");
  });
  await runDurableObjectAlarm(pipeline());
}

/**
 * Time travel by `ms`: the Pipeline's stored times move back (so its waits are `ms` shorter) and the
 * fake GitHub's clock moves on, then the alarm runs. A lagging run list "catches up" this way.
 */
export async function travel(ms: number): Promise<void> {
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec(
      "UPDATE outbox SET due_at = due_at - ?, created_at = created_at - ?, looking_since = looking_since - ? WHERE state IN ('pending', 'in_flight')",
      ms,
      ms,
      ms,
    );
    state.storage.sql.exec("UPDATE events SET at = at - ?", ms);
  });
  await outside.advance(ms);
  await runDurableObjectAlarm(pipeline());
}

/** Waits until nothing in the outbox is due now or in flight (the immediate attempts finished). */
export async function settled(): Promise<void> {
  await vi.waitFor(
    async () => {
      const busy = await query<{ n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE state = 'in_flight' OR (state = 'pending' AND due_at <= ?)",
        Date.now(),
      );
      if ((busy[0]?.n ?? 0) > 0) throw new Error("outbox still busy");
    },
    { timeout: 15_000, interval: 20 },
  );
}
