// Routes → handlers, and the one catch where a thrown error becomes the JSON error body. Not
// every refusal is thrown: intake answers a signature refusal (401) itself, with Response.json.
import { configOf } from "./config";
import { asset, commitPage, dashboardPage, prefersHtml } from "./dashboard";
import { HttpError, json } from "./http/errors";
import { intake } from "./intake/handler";
import { log } from "./log";
import { metrics } from "./metrics";
import { COMMAND_ROUTES, runCommand } from "./operator/commands";
import { health } from "./operator/health";
import { identify } from "./operator/identity";
import { getDeployment, getPipeline, listDeployments, listEvents } from "./operator/reads";
import { eventForPath } from "./protocol";

type Handler = (request: Request, env: Env, url: URL, match: RegExpExecArray) => Promise<Response>;

interface Route {
  readonly pattern: RegExp;
  readonly method: string;
  readonly handler: Handler;
}

/** Any verified operator may read. */
const reads =
  (handler: Handler): Handler =>
  async (request, env, url, match) => {
    await identify(request, configOf(env));
    return handler(request, env, url, match);
  };

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/deployment\/(staging|production)\/(started|complete)$/,
    method: "POST",
    handler: (request, env, url) => intake(request, env, eventOrThrow(url.pathname)),
  },
  { pattern: /^\/health$/, method: "GET", handler: (request, env) => health(env, new URL(request.url)) },
  { pattern: /^\/deployments$/, method: "GET", handler: reads((_request, env, url) => listDeployments(env, url)) },
  {
    pattern: /^\/deployments\/([^/]+)$/,
    method: "GET",
    // A browser following a link from an alert gets the commit's page; anything else its JSON record.
    handler: (request, env, url, match) =>
      prefersHtml(request)
        ? commitPage(request, env, match[1] ?? "", url)
        : reads((_request, env_) => getDeployment(env_, match[1] ?? ""))(request, env, url, match),
  },
  { pattern: /^\/$/, method: "GET", handler: (request, env, url) => dashboardPage(request, env, url) },
  {
    pattern: /^\/assets\/([a-z0-9.-]+)$/,
    method: "GET",
    handler: (_request, _env, _url, match) => asset(match[1] ?? ""),
  },
  { pattern: /^\/metrics$/, method: "GET", handler: reads((_request, env, url) => metrics(env, url)) },
  { pattern: /^\/pipeline$/, method: "GET", handler: reads((_request, env) => getPipeline(env)) },
  { pattern: /^\/events$/, method: "GET", handler: reads((_request, env, url) => listEvents(env, url)) },
  ...COMMAND_ROUTES.map(
    ([method, pattern, commandOf]): Route => ({
      pattern,
      method,
      handler: (request, env, _url, match) => runCommand(request, env, match[1] ?? null, commandOf),
    }),
  ),
];

function eventOrThrow(path: string) {
  const event = eventForPath(path);
  if (event === null) throw new HttpError(404, "not_found", `no endpoint at ${path}`);
  return event;
}

/**
 * Answers one request. A POST to an intake path (a notification or a forgery) goes straight to
 * intake; anything else is parsed as a URL and looked up in the route table. Each step is its own
 * small function: V8 waits longer to optimize a longer function (BENCHMARKS.md, "Why the hot paths
 * look as they do").
 */
export async function route(request: Request, env: Env): Promise<Response> {
  const path = pathOf(request.url);
  try {
    const event = request.method === "POST" ? eventForPath(path) : null;
    return await (event !== null ? intake(request, env, event) : routeByTable(request, env));
  } catch (error) {
    return errorAnswer(error, path);
  }
}

/** 404 for an unknown path, 405 for a known path with another method, else the route's handler. */
async function routeByTable(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname;
  const matching = ROUTES.filter((candidate) => candidate.pattern.test(path));
  if (matching.length === 0) throw new HttpError(404, "not_found", `no endpoint at ${path}`);
  const method = await methodOf(request);
  const found = matching.find(
    (candidate) => candidate.method === method || (candidate.method === "GET" && method === "HEAD"),
  );
  if (found === undefined) {
    const allow = [...new Set(matching.map((candidate) => candidate.method))].join(", ");
    throw new HttpError(405, "method_not_allowed", `${request.method} is not allowed on ${path}; use ${allow}`, null, {
      allow,
    });
  }
  const match = found.pattern.exec(path) as RegExpExecArray;
  return found.handler(request, env, url, match);
}

/** The request's method; an HTML form (which can only POST) names DELETE with a `_method` field. */
async function methodOf(request: Request): Promise<string> {
  if (request.method !== "POST") return request.method;
  if (!/^application\/x-www-form-urlencoded/i.test(request.headers.get("content-type") ?? "")) return "POST";
  const fields = new URLSearchParams((await request.clone().text()).slice(0, 16 * 1024));
  return fields.get("_method") === "DELETE" ? "DELETE" : "POST";
}

/** A thrown HttpError as its JSON answer; anything else is logged and answered 500. */
function errorAnswer(error: unknown, path: string): Response {
  if (error instanceof HttpError) {
    if (error.status >= 500) log("error", "request_failed", { path, status: error.status, code: error.code });
    return error.toResponse();
  }
  log("error", "unhandled_error", { path, message: error instanceof Error ? error.message : String(error) });
  return json(
    { error: { code: "internal_error", message: "internalbf failed to handle the request; see the worker's logs" } },
    500,
  );
}

/**
 * The path of the absolute URL the runtime gives a request, as sent (no dot segments resolved; a
 * request's URL has no fragment): enough to find an intake path exactly, and to name the path in a
 * log line. Anything that is not a POST to an intake path is parsed as a URL before it is routed.
 */
export function pathOf(url: string): string {
  const scheme = url.indexOf("://");
  const start = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  return url.slice(start, query < 0 ? url.length : query);
}
