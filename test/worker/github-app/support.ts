// A Pipeline that calls GitHub as a GitHub App. The test project's bindings (a GITHUB_TOKEN) are
// fixed for the object the runtime makes, so, as the cron tests lay bindings over `env` for the
// worker's handlers, these tests lay the App's settings over it for a Pipeline of the same storage,
// made inside the object. The App's key is made per test file (./keys); the fake GitHub learns
// its public half and verifies every App JWT it receives.
import { reset, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach } from "vitest";
import { configOf } from "../../../worker/config";
import { Pipeline } from "../../../worker/pipeline/Pipeline";
import type { Notification } from "../../../worker/protocol";
import type { IssuedToken } from "../../fakes/contract";
import { outside } from "../support/outside";
import { pipeline } from "../support/pipeline";
import { type AppKey, appKey } from "./keys";

export const APP_ID = "424242";
export const INSTALLATION_ID = 7007;

/** The App's settings as the worker takes them (the key as PKCS#8 unless told otherwise). */
export function appBindings(key: AppKey, privateKey: string = key.pkcs8): Record<string, string> {
  return {
    GITHUB_APP_ID: APP_ID,
    GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID),
    GITHUB_APP_PRIVATE_KEY: privateKey,
  };
}

/** `env` with `bindings` laid over it. */
export const envWith = (bindings: Record<string, string | undefined>): Env => ({ ...env, ...bindings }) as Env;

/** Tells the fake GitHub about the App: JWTs signed with `key` and issued by APP_ID, for INSTALLATION_ID. */
export async function registerApp(key: AppKey): Promise<void> {
  const response = await fetch(`${base()}/__fake/app`, {
    method: "POST",
    body: JSON.stringify({ id: APP_ID, installation_id: INSTALLATION_ID, key: key.publicJwk }),
  });
  if (!response.ok) throw new Error(`registering the App failed: ${response.status}`);
}

/** The installation tokens the fake GitHub issued, in order. */
export async function issuedTokens(): Promise<IssuedToken[]> {
  return ((await (await fetch(`${base()}/__fake/state`)).json()) as { appTokens: IssuedToken[] }).appTokens;
}

/** The Authorization header of every recorded request of `route`. */
export async function authorizations(route: Parameters<typeof outside.requests>[0]): Promise<(string | undefined)[]> {
  return (await outside.requests(route)).map((request) => request.headers.authorization);
}

/** A Pipeline with these bindings, on the object's storage. */
export interface AppPipeline {
  readonly pipeline: Pipeline;
  readonly sql: SqlStorage;
  /** The outbox kinds its settings hold back. */
  readonly held: readonly string[];
}

/**
 * Runs `act` with a Pipeline whose environment carries `bindings`, on the object's storage, then
 * works its outbox until nothing is due. The stored alarm is removed afterwards: the runtime's own
 * instance (GITHUB_TOKEN) must not wake and send what this one owns; tests move time themselves.
 */
export function withApp<T>(bindings: Record<string, string | undefined>, act: (app: AppPipeline) => Promise<T>) {
  return runInDurableObject(pipeline(), async (_instance, state): Promise<T> => {
    const appEnv = envWith(bindings);
    // While a GitHub setting failed validation, dispatches and compares wait (OutboxEffects.held()).
    const held = configOf(appEnv).github.invalid.length > 0 ? ["dispatch", "compare"] : [];
    const app = { pipeline: new Pipeline(state, appEnv), sql: state.storage.sql, held };
    try {
      const result = await act(app);
      await drain(app);
      return result;
    } finally {
      await state.storage.deleteAlarm();
    }
  });
}

let deliveries = 0;

/** Records a verified notification, as the intake hands it over. */
export function receive(app: AppPipeline, notification: Notification): Promise<unknown> {
  return app.pipeline.receive(`msg_app_${Date.now()}_${deliveries++}`, notification);
}

/** Runs the alarm until no outbox entry is in flight or due (but those held back). */
export async function drain({ pipeline, sql, held }: AppPipeline): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await pipeline.alarm();
    const busy = sql
      .exec<{ n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE state = 'in_flight' OR (state = 'pending' AND due_at <= ? AND kind NOT IN (SELECT value FROM json_each(?)))",
        Date.now(),
        JSON.stringify(held),
      )
      .one().n;
    if (busy === 0) return;
  }
  throw new Error("the outbox never settled");
}

/** Makes every waiting outbox entry due now (its backoff passed). */
export function dueNow({ sql }: AppPipeline): void {
  sql.exec("UPDATE outbox SET due_at = 0 WHERE state = 'pending'");
}

/**
 * Time travel by `ms` for the kept installation token, between two withApp() calls: its expiry
 * comes `ms` nearer, as the Pipeline's other stored times do under travel(). The fake GitHub's clock
 * stays: the App's next JWT is signed at the worker's own time, which GitHub must find current.
 */
export async function travelToken(ms: number): Promise<void> {
  await runInDurableObject(pipeline(), (_instance, state) => {
    const { sql } = state.storage;
    const [row] = sql.exec<{ value: string }>("SELECT value FROM settings WHERE name = 'github_app_token'").toArray();
    if (row === undefined) throw new Error("no installation token is kept");
    const kept = JSON.parse(row.value) as { expires_at: number };
    sql.exec(
      "UPDATE settings SET value = ? WHERE name = 'github_app_token'",
      JSON.stringify({ ...kept, expires_at: kept.expires_at - ms }),
    );
  });
}

const base = (): string => (env as unknown as { GITHUB_API_URL: string }).GITHUB_API_URL;

/**
 * The App for one test file: its key made once (filled in before the first test), and before each
 * test a fresh Durable Object and fake with the App's public key registered.
 */
export function useApp(): AppKey {
  const key = {} as AppKey;
  beforeAll(async () => {
    Object.assign(key, await appKey());
  });
  beforeEach(async () => {
    await reset();
    await outside.reset();
    await registerApp(key);
  });
  return key;
}
