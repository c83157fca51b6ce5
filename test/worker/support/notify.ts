// Builders for signed notifications, and the worker under test.
import { exports } from "cloudflare:workers";
import type { Notification } from "../../../worker/protocol";
import { EVENT_PATHS, importSecret, signatureHeaders } from "../../../worker/protocol";
import { notification, sha } from "../../builders/notification";
import { SECRET } from "./bindings";

export { notification, sha };

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
