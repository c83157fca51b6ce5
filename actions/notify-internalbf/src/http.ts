// The step's HTTP exchange, through undici (the maintained client behind Node's own fetch) and its
// EnvHttpProxyAgent: a runner behind a proxy is reached through it as by every other action
// (HTTPS_PROXY, HTTP_PROXY and NO_PROXY, upper or lower case), with TLS verified as Node does
// (NODE_EXTRA_CA_CERTS included). Redirects are not followed: request() never does.
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from "undici";
import { isLoopback } from "../../../worker/protocol/index";

/** One request as the step makes it. */
export interface HttpRequest {
  readonly url: string;
  /** POST when absent (the notification); GET for the OIDC token, whose body is then not sent. */
  readonly method?: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Aborts the exchange, answer included (the per-attempt timeout); rejects with its reason. */
  readonly signal: AbortSignal;
}

/** The answer, read whole. Redirects are not followed. */
export interface HttpAnswer {
  readonly status: number;
  /** A header's value by case-insensitive name (repeated headers joined by ", "), or null. */
  readonly header: (name: string) => string | null;
  readonly text: string;
}

export type Send = (request: HttpRequest) => Promise<HttpAnswer>;

// The attempt's signal is its one time limit (timeout-seconds, connect included), so undici's own
// timers are off: its 10 s connect and 300 s header defaults would cut a longer timeout-seconds short.
const NO_TIMERS = { connect: { timeout: 0 }, proxyTls: { timeout: 0 }, requestTls: { timeout: 0 } };

let direct: Dispatcher | undefined;
let fromEnvironment: Dispatcher | undefined;

/**
 * Loopback goes direct whatever the proxy variables say, as @actions/http-client (every toolkit
 * action's client) does: a proxy cannot reach the runner's own 127.0.0.1. Anything else goes as
 * the environment says, read when first needed.
 */
function dispatcherFor(url: URL): Dispatcher {
  if (isLoopback(url.hostname)) {
    direct ??= new Agent(NO_TIMERS);
    return direct;
  }
  fromEnvironment ??= new EnvHttpProxyAgent(NO_TIMERS);
  return fromEnvironment;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy variable undici's EnvHttpProxyAgent takes for `url` (lower case before upper, HTTP_PROXY
 * where an https URL has no HTTPS_PROXY), for a failure message to name it and its value; undefined
 * on loopback or without one. NO_PROXY may still exempt the host: only undici reads it.
 */
export function proxyInEffect(url: string, env: Env): { readonly name: string; readonly value: string } | undefined {
  const target = new URL(url);
  if (isLoopback(target.hostname)) return undefined;
  const variable = (lower: string, upper: string) => {
    const name = env[lower] !== undefined ? lower : upper;
    const value = env[name];
    return value === undefined || value === "" ? undefined : { name, value };
  };
  const http = variable("http_proxy", "HTTP_PROXY");
  return target.protocol === "https:" ? (variable("https_proxy", "HTTPS_PROXY") ?? http) : http;
}

/** Sends `request`; rejects on network errors, a malformed answer, or abort (with the signal's reason). */
export const send: Send = async ({ url, method = "POST", headers, body, signal }) => {
  const target = new URL(url);
  const answer = await request(target, {
    method,
    headers,
    body: method === "GET" ? null : body,
    signal,
    dispatcher: dispatcherFor(target),
    headersTimeout: 0,
    bodyTimeout: 0,
    // `connection: close`: one exchange, and no idle socket holding the step's process open.
    reset: true,
  });
  const text = await answer.body.text();
  const fields = answer.headers;
  return {
    status: answer.statusCode,
    header: (name) => {
      const value = fields[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    text,
  };
};
