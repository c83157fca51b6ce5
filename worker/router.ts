// Routes → handlers; the one place where a thrown error becomes the JSON error body.
import { configOf } from "./config";
import { HttpError, json } from "./http/errors";
import { intake } from "./intake/handler";
import { log } from "./log";
import { authorize } from "./operator/auth";
import { health } from "./operator/health";
import { getDeployment, getPipeline, listDeployments } from "./operator/reads";
import { eventForPath } from "./protocol";

type Handler = (request: Request, env: Env, url: URL, match: RegExpExecArray) => Promise<Response>;

interface Route {
  readonly pattern: RegExp;
  readonly method: string;
  readonly handler: Handler;
}

const reads =
  (handler: Handler): Handler =>
  (request, env, url, match) => {
    authorize(request, configOf(env));
    return handler(request, env, url, match);
  };

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/deployment\/(staging|production)\/(started|complete)$/,
    method: "POST",
    handler: (request, env, url) => intake(request, env, eventOrThrow(url.pathname)),
  },
  { pattern: /^\/health$/, method: "GET", handler: (_request, env) => health(env) },
  { pattern: /^\/deployments$/, method: "GET", handler: reads((_request, env, url) => listDeployments(env, url)) },
  {
    pattern: /^\/deployments\/([^/]+)$/,
    method: "GET",
    handler: reads((_request, env, _url, match) => getDeployment(env, match[1] ?? "")),
  },
  { pattern: /^\/pipeline$/, method: "GET", handler: reads((_request, env) => getPipeline(env)) },
];

function eventOrThrow(path: string) {
  const event = eventForPath(path);
  if (event === null) throw new HttpError(404, "not_found", `no endpoint at ${path}`);
  return event;
}

/** Answers one request: 404 for an unknown path, 405 for a known path with another method. */
export async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  try {
    // The hot path first: notifications (and forgeries) skip the route table.
    const event = request.method === "POST" ? eventForPath(url.pathname) : null;
    if (event !== null) return await intake(request, env, event);
    const matching = ROUTES.filter((candidate) => candidate.pattern.test(url.pathname));
    if (matching.length === 0) throw new HttpError(404, "not_found", `no endpoint at ${url.pathname}`);
    const found = matching.find(
      (candidate) => candidate.method === request.method || (candidate.method === "GET" && request.method === "HEAD"),
    );
    if (found === undefined) {
      const allow = [...new Set(matching.map((candidate) => candidate.method))].join(", ");
      throw new HttpError(
        405,
        "method_not_allowed",
        `${request.method} is not allowed on ${url.pathname}; use ${allow}`,
        null,
        { allow },
      );
    }
    const match = found.pattern.exec(url.pathname) as RegExpExecArray;
    return await found.handler(request, env, url, match);
  } catch (error) {
    if (error instanceof HttpError) {
      if (error.status >= 500)
        log("error", "request_failed", { path: url.pathname, status: error.status, code: error.code });
      return error.toResponse();
    }
    log("error", "unhandled_error", {
      path: url.pathname,
      message: error instanceof Error ? error.message : String(error),
    });
    return json(
      { error: { code: "internal_error", message: "internalbf failed to handle the request; see the worker's logs" } },
      500,
    );
  }
}
