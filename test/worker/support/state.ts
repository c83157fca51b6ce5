// What "nothing changed" means: every table of the Pipeline, the KV mirror, the outside world.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { outside } from "./outside";
import { query } from "./pipeline";

/** A fingerprint of all state a request could change. */
export async function snapshot() {
  const count = async (table: string) => (await query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n ?? 0;
  return {
    deployments: await count("deployments"),
    events: await count("events"),
    deliveries: await count("deliveries"),
    outbox: await count("outbox"),
    kv: (await env.AUDIT.list()).keys.length,
    sent: (await outside.requests()).length,
  };
}

/** Asserts that `action` changed nothing at all. */
export async function expectNoChange(action: () => Promise<unknown>): Promise<void> {
  const before = await snapshot();
  await action();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await snapshot()).toEqual(before);
}
