// The operator CLI: `node cli/main.ts <command> …` (from a checkout, `npm run --silent internalbf --
// <command> …`). run() takes argv and its dependencies as one value and answers the exit code: 0
// done, 1 refused or unreachable (the server's message printed), 2 a usage error (nothing sent).
import { userInfo } from "node:os";
import { redactUserinfo } from "../worker/protocol/url.ts";
import { type Api, apiOf, type Fetch, type Reply } from "./api.ts";
import { commandNamed } from "./commands.ts";
import { actorOf, type Connection, connectionOf, type Environment } from "./config.ts";
import { answerText, eventsText, historyText, pipelineText, recordText, refusalText } from "./format.ts";
import { type Invocation, parse } from "./parse.ts";
import { lookupOf, requestOf } from "./routes.ts";
import { type CommitRecord, isErrorBody, isObject } from "./wire.ts";

export const DONE = 0;
export const REFUSED = 1;
export const USAGE = 2;

/** What run() needs from the outside world. */
export interface Deps {
  readonly env: Environment;
  readonly fetch: Fetch;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The OS user name, the actor when neither --actor nor INTERNALBF_ACTOR says. */
  readonly userName: () => string | null;
}

/** Runs one command line; answers its exit code. */
export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  const parsed = parse(argv);
  if (parsed.kind === "help") {
    deps.stdout(parsed.text);
    return DONE;
  }
  if (parsed.kind === "usage") {
    deps.stderr(`internalbf: ${parsed.message}\n\n${parsed.help}`);
    return USAGE;
  }
  const { invocation } = parsed;
  const connection = connectionOf(deps.env);
  if ("refusal" in connection) {
    deps.stderr(`internalbf: ${connection.refusal}\n`);
    return USAGE;
  }
  // With Access, Cloudflare names the operator and the worker ignores a declared actor.
  let actor: string | null = null;
  if (commandNamed(invocation.command)?.mutating === true && connection.credentials.kind === "token") {
    actor = actorOf(invocation.options.actor, deps.env, deps.userName());
    if (actor === null) {
      deps.stderr("internalbf: say who is acting: --actor <name> or INTERNALBF_ACTOR\n");
      return USAGE;
    }
  }
  const api = apiOf(connection, {
    fetch: deps.fetch,
    log: invocation.verbose ? (line) => deps.stderr(`${line}\n`) : null,
  });
  try {
    const to = await rollbackTarget(api, invocation);
    if (typeof to !== "string" && to !== null) return report(to, invocation, connection, deps);
    return report(await api.send(requestOf(invocation, actor, to)), invocation, connection, deps);
  } catch (error) {
    // Only a bug lands here: the API answers every failure as a Reply.
    deps.stderr(`internalbf: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return REFUSED;
  }
}

/**
 * Rollback's --to as a full SHA: the route takes only that, so a prefix is resolved against the
 * record first (GET /deployments/{prefix}). Null without --to; the failed lookup's reply when it fails.
 */
async function rollbackTarget(api: Api, invocation: Invocation): Promise<string | null | Reply> {
  const to = invocation.options.to;
  if (invocation.command !== "rollback" || to === undefined) return null;
  if (to.length === 40) return to;
  const reply = await api.send(lookupOf(to));
  if (reply.kind !== "json" || reply.status !== 200 || !isObject(reply.body)) return reply;
  const sha = (reply.body as CommitRecord).sha;
  return typeof sha === "string" ? sha : reply;
}

/** Prints what came back; answers the exit code. */
function report(reply: Reply, invocation: Invocation, connection: Connection, deps: Deps): number {
  const where = redactUserinfo(connection.url);
  if (reply.kind === "unreachable") {
    deps.stderr(
      `internalbf: could not reach ${where}: ${reply.message}; check INTERNALBF_URL and that the worker is up\n`,
    );
    return REFUSED;
  }
  if (reply.kind === "redirect") {
    const check =
      connection.credentials.kind === "access"
        ? "Cloudflare Access did not let the request through: check INTERNALBF_ACCESS_CLIENT_ID and INTERNALBF_ACCESS_CLIENT_SECRET"
        : "behind Cloudflare Access, set INTERNALBF_ACCESS_CLIENT_ID and INTERNALBF_ACCESS_CLIENT_SECRET; else check INTERNALBF_URL";
    deps.stderr(`internalbf: ${where} answered ${reply.status}, a redirect (a sign-in page?): ${check}\n`);
    return REFUSED;
  }
  if (reply.kind === "not_json") {
    deps.stderr(
      `internalbf: ${where} answered ${reply.status} without JSON: check INTERNALBF_URL is the worker's URL\n`,
    );
    return REFUSED;
  }
  if (invocation.json) deps.stdout(`${JSON.stringify(reply.body, null, 2)}\n`);
  if (reply.status >= 200 && reply.status < 300) {
    if (!invocation.json) deps.stdout(render(invocation, reply.body));
    return DONE;
  }
  if (isErrorBody(reply.body)) {
    const hint =
      reply.status === 401
        ? "check INTERNALBF_ADMIN_TOKEN, or the Access service token (INTERNALBF_ACCESS_CLIENT_*)\n"
        : "";
    deps.stderr(`internalbf: ${refusalText(reply.status, reply.body)}${hint}`);
  } else {
    deps.stderr(`internalbf: ${where} answered ${reply.status}\n`);
  }
  return REFUSED;
}

/** A 2xx answer as the command's table. */
function render(invocation: Invocation, body: unknown): string {
  const value = isObject(body) ? body : {};
  switch (invocation.command) {
    case "status":
      return pipelineText(value);
    case "history":
      return historyText(value);
    case "show":
      return recordText(value);
    case "events":
      return eventsText(value);
    default:
      return answerText(value);
  }
}

/** The OS user name, or null where the system has none for this process. */
function osUserName(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

if (import.meta.main) {
  process.exitCode = await run(process.argv.slice(2), {
    env: process.env,
    fetch: (url, init) => fetch(url, init),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    userName: osUserName,
  });
}
