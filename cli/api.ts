// HTTP to the worker's API, with the fetch given (so tests can stand in for the network or
// Cloudflare's edge). Every answer comes back as a Reply, a network failure too: nothing throws, and
// no credential reaches a message or the --verbose log.
import { redactUserinfo } from "../worker/protocol/url.ts";
import type { Connection, Credentials } from "./config.ts";

/** The part of fetch the CLI uses. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** One request to the API: a path (with its query) under the worker's URL, and a command's JSON body. */
export interface ApiRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly body: Readonly<Record<string, string>> | null;
  /** Headers of this request beyond the credentials (a command's Idempotency-Key). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What came back. */
export type Reply =
  | { readonly kind: "json"; readonly status: number; readonly body: unknown }
  | { readonly kind: "redirect"; readonly status: number }
  | { readonly kind: "not_json"; readonly status: number }
  | { readonly kind: "unreachable"; readonly message: string };

export interface Api {
  readonly send: (request: ApiRequest) => Promise<Reply>;
}

export interface ApiOptions {
  readonly fetch: Fetch;
  /** Where --verbose lines go, or null. */
  readonly log: ((line: string) => void) | null;
  readonly timeoutMs?: number;
}

const TIMEOUT_MS = 30_000;

/** The API at `connection`. */
export function apiOf(connection: Connection, options: ApiOptions): Api {
  const headers = headersOf(connection.credentials);
  const scrub = scrubberOf(connection.credentials);
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  return {
    async send(request) {
      const url = `${connection.url}${request.path}`;
      options.log?.(`${request.method} ${redactUserinfo(url)} (${describe(connection.credentials)})`);
      let response: Response;
      try {
        response = await options.fetch(url, {
          method: request.method,
          headers: {
            ...request.headers,
            ...headers,
            ...(request.body === null ? {} : { "content-type": "application/json" }),
          },
          ...(request.body === null ? {} : { body: JSON.stringify(request.body) }),
          // Access answers a request it does not let through with a redirect to its login page.
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const message = scrub(redactUserinfo(failureOf(error, timeoutMs)));
        options.log?.(`  failed: ${message}`);
        return { kind: "unreachable", message };
      }
      options.log?.(`  ${response.status}`);
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        return { kind: "redirect", status: response.status };
      }
      const text = await response.text().catch(() => "");
      try {
        return { kind: "json", status: response.status, body: JSON.parse(text) as unknown };
      } catch {
        return { kind: "not_json", status: response.status };
      }
    },
  };
}

function headersOf(credentials: Credentials): Record<string, string> {
  const accept = { accept: "application/json" };
  if (credentials.kind === "token") return { ...accept, authorization: `Bearer ${credentials.token}` };
  // Cloudflare's edge checks these and hands the worker the Access JWT in their place.
  return {
    ...accept,
    "cf-access-client-id": credentials.clientId,
    "cf-access-client-secret": credentials.clientSecret,
  };
}

function describe(credentials: Credentials): string {
  return credentials.kind === "token" ? "admin token" : "Access service token";
}

/** Replaces every credential in `text` with ***, should a runtime message ever quote one. */
function scrubberOf(credentials: Credentials): (text: string) => string {
  const secrets = credentials.kind === "token" ? [credentials.token] : [credentials.clientId, credentials.clientSecret];
  return (text) => secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join("***"), text);
}

/** Why the request got no answer, in words: fetch's own error names only "fetch failed". */
function failureOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return typeof cause.message === "string" ? cause.message : cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
