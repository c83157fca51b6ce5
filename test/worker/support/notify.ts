// Builders for signed notifications, and the worker under test.
import { exports } from "cloudflare:workers";
import type { Notification } from "../../../worker/protocol";
import { EVENT_PATHS, importSecret, signatureHeaders } from "../../../worker/protocol";
import { REPOSITORY, SECRET } from "./bindings";

/** A deterministic commit SHA for `n`. */
export function sha(n: number): string {
  return n.toString(16).padStart(8, "0").repeat(5);
}

/** A valid notification; `overrides` replace or remove (undefined) fields. */
export function notification(overrides: Partial<Record<keyof Notification, unknown>> = {}): Notification {
  const base: Record<string, unknown> = {
    event: "staging_deployment_complete",
    status: "success",
    commit_sha: sha(1),
    timestamp: "2026-11-28T08:00:00Z",
    repository: REPOSITORY,
    run_id: 1,
    run_attempt: 1,
    run_number: 1,
    run_url: "https://github.com/bolt-foundry/monorepo/actions/runs/1",
    actor: "octocat",
    ref: "refs/heads/main",
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base as unknown as Notification;
}

let counter = 0;
const encoder = new TextEncoder();

export interface PostOptions {
  readonly id?: string;
  readonly timestamp?: number;
  readonly secret?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  readonly method?: string;
}

/** Signs and posts a notification (or the raw `body`) the way the action does. */
export async function post(n: Notification | null, options: PostOptions = {}): Promise<Response> {
  const body = options.body ?? JSON.stringify(n);
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const id = options.id ?? `msg_test_${Date.now()}_${counter++}`;
  const signed = await signatureHeaders(
    [await importSecret(options.secret ?? SECRET)],
    id,
    options.timestamp ?? Math.floor(Date.now() / 1000),
    bytes,
  );
  const path = options.path ?? (n === null ? EVENT_PATHS.staging_deployment_complete : EVENT_PATHS[n.event]);
  return exports.default.fetch(`https://internalbf.test${path}`, {
    method: options.method ?? "POST",
    headers: { "content-type": "application/json", ...signed, ...options.headers },
    body: bytes,
  });
}

/** GET with the admin token. */
export function get(path: string, token?: string): Promise<Response> {
  return exports.default.fetch(`https://internalbf.test${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}
