// Deliveries to the intake, signed as the notify-internalbf action signs them, and raw requests
// (duplicate headers, no content-length) that fetch cannot send.
import { request as httpRequest } from "node:http";
import { EVENT_PATHS, importSecret, type Notification, signatureHeaders } from "../../../worker/protocol";
import { SECRET } from "./world";

const encoder = new TextEncoder();
let counter = 0;

/** A fresh webhook-id, as the action makes one per delivery. */
export function deliveryId(prefix = "msg_rel"): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${counter}`;
}

/** The current unix time in seconds, as the webhook-timestamp header carries it. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** The code of an error answer (undefined when the body is no error). */
export function codeOf(answer: Answer): string | undefined {
  const body = answer.body as { error?: { code?: unknown } } | null;
  return typeof body?.error?.code === "string" ? body.error.code : undefined;
}

/** The fields named by a 400's error.fields. */
export function fieldsOf(answer: Answer): string[] {
  const body = answer.body as { error?: { fields?: { field?: unknown }[] } } | null;
  return (body?.error?.fields ?? []).map((entry) => String(entry.field));
}

/** The decision of a 200/202 answer. */
export function decisionOf(answer: Answer): string | undefined {
  const body = answer.body as { decision?: unknown } | null;
  return typeof body?.decision === "string" ? body.decision : undefined;
}

export interface Signed {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
}

/** The three Standard Webhooks headers of `body` under `secret`. */
export async function sign(
  body: Uint8Array,
  options: { id?: string; timestamp?: number; secret?: string } = {},
): Promise<Signed> {
  const headers = await signatureHeaders(
    [await importSecret(options.secret ?? SECRET)],
    options.id ?? deliveryId(),
    options.timestamp ?? nowSeconds(),
    body,
  );
  return {
    id: headers["webhook-id"],
    timestamp: headers["webhook-timestamp"],
    signature: headers["webhook-signature"],
  };
}

export interface DeliverOptions {
  readonly id?: string;
  readonly timestamp?: number;
  readonly secret?: string;
  readonly path?: string;
  readonly method?: string;
  /** Sent instead of JSON.stringify(notification) (and signed, unless a signature header is given). */
  readonly body?: string | Uint8Array;
  /** Added to (or, with null, removed from) the signed request's headers. */
  readonly headers?: Record<string, string | null>;
}

/** Signs and posts a notification as the action does; throws only when the worker cannot be reached. */
export async function deliver(base: string, n: Notification | null, options: DeliverOptions = {}): Promise<Answer> {
  const raw = options.body ?? JSON.stringify(n);
  const body = typeof raw === "string" ? encoder.encode(raw) : raw;
  const signed = await sign(body, {
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    ...(options.secret === undefined ? {} : { secret: options.secret }),
  });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": signed.id,
    "webhook-timestamp": signed.timestamp,
    "webhook-signature": signed.signature,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const path = options.path ?? (n === null ? EVENT_PATHS.staging_deployment_complete : EVENT_PATHS[n.event]);
  const method = options.method ?? "POST";
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    // A copy backed by a plain ArrayBuffer, which is what fetch's BodyInit takes.
    ...(method === "GET" || method === "HEAD" ? {} : { body: new Uint8Array(body) }),
  });
  return answerOf(response);
}

/** Reads a response into an Answer (JSON when it is JSON). */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? (JSON.parse(text) as unknown) : null;
  } catch {
    // Not JSON: keep the text, the assertion will show it.
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * A request written on the wire by node:http: repeated header lines (an array value) and, with
 * `chunked`, a body with no content-length, sent in 8 KiB pieces.
 */
export function rawRequest(
  base: string,
  path: string,
  headers: Record<string, string | string[]>,
  body: Uint8Array,
  options: { method?: string; chunked?: boolean } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: options.method ?? "POST",
        headers: options.chunked === true ? headers : { ...headers, "content-length": String(body.byteLength) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === "string") responseHeaders.set(name, value);
          }
          let parsed: unknown = text;
          try {
            parsed = text.length > 0 ? (JSON.parse(text) as unknown) : null;
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: responseHeaders });
        });
        res.on("error", reject);
      },
    );
    // The worker may answer (413) before the whole body is written and close the connection.
    req.on("error", reject);
    if (options.chunked === true) {
      for (let offset = 0; offset < body.byteLength; offset += 8192) req.write(body.subarray(offset, offset + 8192));
      req.end();
    } else {
      req.end(body);
    }
  });
}
