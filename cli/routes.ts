// Each command as the API request it makes: the route, its query, and a command's JSON body
// `{ reason, actor?, to?, until? }`. Pure.
import type { ApiRequest } from "./api.ts";
import type { CommandName, ValueOption } from "./commands.ts";
import type { Invocation } from "./parse.ts";

type Route = { readonly method: ApiRequest["method"]; readonly path: (commit: string) => string };

const onCommit = (method: ApiRequest["method"], action: string): Route => ({
  method,
  path: (commit) => `/deployments/${encodeURIComponent(commit)}/${action}`,
});
const onPipeline = (method: ApiRequest["method"], path: string): Route => ({ method, path: () => path });

const COMMAND_ROUTES: Readonly<Record<Exclude<CommandName, "status" | "history" | "show" | "events">, Route>> = {
  promote: onCommit("POST", "promote"),
  block: onCommit("POST", "block"),
  unblock: onCommit("DELETE", "block"),
  retry: onCommit("POST", "retry"),
  abandon: onCommit("POST", "abandon"),
  emergency: onCommit("POST", "emergency"),
  rollback: onPipeline("POST", "/rollback"),
  hold: onPipeline("POST", "/hold"),
  release: onPipeline("DELETE", "/hold"),
  freeze: onPipeline("POST", "/freeze"),
  unfreeze: onPipeline("DELETE", "/freeze"),
};

/**
 * The request `invocation` makes. `actor` goes in a command's body (the admin token needs it;
 * null with Access, which names the operator itself); `to` is rollback's target, already a full SHA.
 */
export function requestOf(invocation: Invocation, actor: string | null, to: string | null = null): ApiRequest {
  const { command, options } = invocation;
  const commit = invocation.commit ?? "";
  switch (command) {
    case "status":
      return read("/pipeline");
    case "history":
      return read(`/deployments${query(pick(options, ["environment", "status", "limit", "cursor"]))}`);
    case "show":
      return lookupOf(commit);
    case "events":
      return read(`/events${query(pick(options, ["sha", "limit", "cursor"]))}`);
    default: {
      const route = COMMAND_ROUTES[command];
      const body: Record<string, string> = { reason: options.reason ?? "" };
      if (actor !== null) body.actor = actor;
      if (to !== null) body.to = to;
      if (options.until !== undefined) body.until = options.until;
      const key = options["idempotency-key"];
      return {
        method: route.method,
        path: route.path(commit),
        body,
        ...(key === undefined ? {} : { headers: { "idempotency-key": key } }),
      };
    }
  }
}

/** The record lookup that resolves a prefix to one full SHA (GET /deployments/{prefix}). */
export function lookupOf(commit: string): ApiRequest {
  return read(`/deployments/${encodeURIComponent(commit)}`);
}

function read(path: string): ApiRequest {
  return { method: "GET", path, body: null };
}

function pick(options: Invocation["options"], names: readonly ValueOption[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, options[name]]));
}

function query(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, value);
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
