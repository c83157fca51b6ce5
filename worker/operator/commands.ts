// Operator commands: POST (and DELETE) routes that steer the pipeline. Each reads who is acting,
// the body's reason (and `to`, `until`), resolves the commit, and hands one Command to the
// Pipeline, which decides it on the same path as every notification. A refusal changes nothing.
// The dashboard's forms post to the same routes (urlencoded, with a CSRF token): their answer is a
// 303 back to the page, carrying the decision or the refusal's message.
import { type Config, configOf } from "../config";
import { containsCommit } from "../effects/github";
import { HttpError, json } from "../http/errors";
import { workerGitHub } from "../pipeline/github-token";
import type { Command, Operator } from "../pipeline/model";
import type { CommandAnswer, Idempotency } from "../pipeline/Pipeline";
import { pipelineOf } from "../pipeline/stub";
import type { FieldError } from "../protocol";
import { commitTextOf, isFullSha, resolveCommit } from "./commit";
import { crossSite, csrfValid } from "./csrf";
import { type Operator as Identity, identify, isActor } from "./identity";

const MAX_BODY = 16 * 1024;
const SHA = /^[0-9a-f]{40}$/;

/** What a command's body may carry. */
interface Body {
  /** The body as sent (an Idempotency-Key's repeat must send the same). */
  readonly text: string;
  readonly reason: string;
  readonly actor: string | undefined;
  readonly to: string | undefined;
  readonly until: string | undefined;
  /** A dashboard form (urlencoded): its CSRF token and the page to go back to. */
  readonly form: { readonly csrf: string; readonly back: string } | null;
}

/** Builds the command from the route's commit and the body (which `fields` may reject). */
export type CommandOf = (
  sha: string | null,
  body: Body,
  fail: (field: string, message: string) => void,
) => Command | null;

/** Handles one command route: `commitText` is the path's {sha} (null on pipeline routes). */
export async function runCommand(
  request: Request,
  env: Env,
  commitText: string | null,
  commandOf: CommandOf,
): Promise<Response> {
  const config = configOf(env);
  const identity = await identify(request, config);
  const form = isForm(request);
  // A cross-site form post is refused before its body is read.
  if (form) await checkForm(request, config, identity, null);
  let body: Body;
  try {
    body = await readBody(request);
  } catch (error) {
    if (form) return back(request, "/", refusedOf(error));
    throw error;
  }
  if (body.form === null) return json(await execute(request, env, config, identity, body, commitText, commandOf), 202);
  await checkForm(request, config, identity, body.form.csrf);
  try {
    const answer = await execute(request, env, config, identity, body, commitText, commandOf);
    return back(request, body.form.back, { done: answer.decision });
  } catch (error) {
    return back(request, body.form.back, refusedOf(error));
  }
}

/** Decides one command: the Pipeline's accepted answer, or a thrown HttpError for a refusal. */
async function execute(
  request: Request,
  env: Env,
  config: Config,
  identity: Identity,
  body: Body,
  commitText: string | null,
  commandOf: CommandOf,
): Promise<Exclude<CommandAnswer, { readonly refusal: unknown }>> {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push({ field, message });
  };
  const operator = operatorOf(identity, body, fail);
  const sha = commitText === null ? null : await resolve(env, config, commitText, commandOf === COMMANDS.emergency);
  const command = commandOf(sha, body, fail);
  if (errors.length > 0 || command === null || operator === null) {
    throw new HttpError(400, "invalid_payload", `the command has ${errors.length} invalid field(s)`, errors);
  }
  if (command.kind === "emergency") await checkContained(env, config, command.sha);
  const answer = await pipelineOf(env, config.repository).command(
    command,
    operator,
    body.reason,
    idempotencyOf(request, body.text),
  );
  if ("refusal" in answer) throw new HttpError(answer.refusal.status, answer.refusal.code, answer.refusal.message);
  return answer as Exclude<CommandAnswer, { readonly refusal: unknown }>;
}

function isForm(request: Request): boolean {
  return /^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers.get("content-type") ?? "");
}

/**
 * A form post must come from internalbf's own page (Sec-Fetch-Site, Origin) and, once its body is
 * read, carry the acting person's CSRF token; else 403 `csrf`, nothing done.
 */
async function checkForm(request: Request, config: Config, identity: Identity, token: string | null): Promise<void> {
  const cross = crossSite(request);
  if (cross !== null) throw csrf(`${cross}: commands are sent from internalbf's own pages, or as JSON`);
  if (token === null) return;
  if (identity.actor === null) {
    throw csrf("a form post needs a person: sign in with Basic auth (your name as the user name) or Access");
  }
  if (!(await csrfValid(config, identity.actor, token))) {
    throw csrf("the form's token is missing, expired or someone else's: reload the page and send it again");
  }
}

function csrf(message: string): HttpError {
  return new HttpError(403, "csrf", message);
}

/** What a refused form post tells the page: the refusal's message (with its fields), or the failure's. */
function refusedOf(error: unknown): { refused: string } {
  if (!(error instanceof HttpError)) throw error;
  if (error.code === "csrf" || error.status === 401) throw error;
  const fields = error.fields === null ? "" : `: ${error.fields.map((f) => `${f.field} ${f.message}`).join("; ")}`;
  return { refused: `${error.message}${fields}` };
}

/** 303 back to the page the form came from (a path of this origin only), with what happened. */
function back(request: Request, path: string, outcome: Record<string, string>): Response {
  const safe = /^\/(?![/\\])[^\s]*$/.test(path) ? path : "/";
  const url = new URL(safe, new URL(request.url).origin);
  url.searchParams.delete("done");
  url.searchParams.delete("refused");
  for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
  return new Response(null, {
    status: 303,
    headers: { location: `${url.pathname}${url.search}`, "cache-control": "no-store" },
  });
}

/** The request's Idempotency-Key (1-200 printable ASCII characters), with its route and body; null without one. */
function idempotencyOf(request: Request, body: string): Idempotency | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new HttpError(400, "invalid_payload", "Idempotency-Key must be 1-200 printable ASCII characters", [
      { field: "Idempotency-Key", message: "must be 1-200 printable ASCII characters without spaces" },
    ]);
  }
  const url = new URL(request.url);
  return { key, route: `${request.method} ${url.pathname}`, body };
}

/** Who is acting: Access's identity, or the token holder's declared actor (Basic's user name, else the body's). */
function operatorOf(
  identity: { readonly actor: string | null; readonly via: string },
  body: Body,
  fail: (field: string, message: string) => void,
): Operator | null {
  if (identity.actor !== null) return { actor: identity.actor, via: identity.via };
  if (body.actor === undefined) {
    fail("actor", "is required with ADMIN_TOKEN: who is acting (1-100 printable characters), e.g. your email");
    return null;
  }
  if (!isActor(body.actor)) {
    fail("actor", "must be 1-100 printable characters, without leading or trailing spaces");
    return null;
  }
  return { actor: body.actor, via: identity.via };
}

async function readBody(request: Request): Promise<Body> {
  const type = request.headers.get("content-type") ?? "";
  const form = isForm(request);
  if (!form && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      "a command's body is JSON (content-type application/json), or a dashboard form (application/x-www-form-urlencoded)",
    );
  }
  const text = await request.text();
  if (text.length > MAX_BODY) throw new HttpError(413, "payload_too_large", "a command's body is at most 16 KiB");
  const input = form ? formFields(text) : jsonObject(text);
  const errors: FieldError[] = [];
  const text_ = (field: string): string | undefined => {
    const field_value = input[field];
    if (field_value === undefined || field_value === null) return undefined;
    if (typeof field_value !== "string") {
      errors.push({ field, message: "must be a string" });
      return undefined;
    }
    // A form's empty optional field is a field left out.
    return form && field_value === "" && field !== "reason" ? undefined : field_value;
  };
  const reason = text_("reason");
  if (reason === undefined || reason.trim().length === 0 || reason.length > 1000) {
    errors.push({ field: "reason", message: "is required: why, in 1-1,000 characters (it goes on the record)" });
  }
  const body: Body = {
    text,
    reason: reason ?? "",
    // A form's actor is the signed-in person, never a field.
    actor: form ? undefined : text_("actor"),
    to: text_("to"),
    until: text_("until"),
    form: form ? { csrf: text_("csrf") ?? "", back: text_("back") ?? "/" } : null,
  };
  if (errors.length > 0) {
    throw new HttpError(400, "invalid_payload", `the command has ${errors.length} invalid field(s)`, errors);
  }
  return body;
}

function formFields(text: string): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(text));
}

function jsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_payload", "the body is not JSON", [
      { field: "(body)", message: "must be a JSON object" },
    ]);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid_payload", "the body must be a JSON object", [
      { field: "(body)", message: "must be a JSON object" },
    ]);
  }
  return value as Record<string, unknown>;
}

/**
 * The full SHA the route names (a unique prefix of a known commit, or a full SHA). An emergency may
 * name a full SHA internalbf has never seen: GitHub then says whether it may go.
 */
async function resolve(env: Env, config: Config, text: string, emergency: boolean): Promise<string> {
  const commit = commitTextOf(text);
  if (emergency && commit !== null && isFullSha(commit)) return commit;
  return resolveCommit(env, config, text);
}

/** An emergency deploys only a commit PRODUCTION_REF contains (GitHub's compare says so). */
async function checkContained(env: Env, config: Config, sha: string): Promise<void> {
  const found = await containsCommit(workerGitHub(env, config), sha);
  if (!found.ok)
    throw new HttpError(
      503,
      "github_unavailable",
      `could not ask GitHub whether ${config.github.ref} contains ${sha}: ${found.error}; try again`,
    );
  if (found.value === "unknown")
    throw new HttpError(404, "unknown_commit", `GitHub knows no commit ${sha} in ${config.repository}`);
  if (found.value === "not_contained") {
    throw new HttpError(
      409,
      "not_allowed",
      `${sha.slice(0, 7)} is not on ${config.github.ref}: an emergency deploys only a commit ${config.github.ref} contains`,
    );
  }
}

type CommitCommand = "promote" | "block" | "unblock" | "retry" | "abandon" | "emergency";
const pathCommand =
  (kind: CommitCommand): CommandOf =>
  (sha) =>
    sha === null ? null : { kind, sha };
const COMMANDS: Readonly<Record<CommitCommand, CommandOf>> = {
  promote: pathCommand("promote"),
  block: pathCommand("block"),
  unblock: pathCommand("unblock"),
  retry: pathCommand("retry"),
  abandon: pathCommand("abandon"),
  emergency: pathCommand("emergency"),
};

/** The command routes: [method, path pattern, command]. */
export const COMMAND_ROUTES: readonly (readonly [string, RegExp, CommandOf])[] = [
  ["POST", /^\/deployments\/([^/]+)\/promote$/, COMMANDS.promote],
  ["POST", /^\/deployments\/([^/]+)\/block$/, COMMANDS.block],
  ["DELETE", /^\/deployments\/([^/]+)\/block$/, COMMANDS.unblock],
  ["POST", /^\/deployments\/([^/]+)\/retry$/, COMMANDS.retry],
  ["POST", /^\/deployments\/([^/]+)\/abandon$/, COMMANDS.abandon],
  ["POST", /^\/deployments\/([^/]+)\/emergency$/, COMMANDS.emergency],
  [
    "POST",
    /^\/rollback$/,
    (_sha, body, fail) => {
      if (body.to === undefined) return { kind: "rollback", to: null };
      const to = body.to.toLowerCase();
      if (!SHA.test(to)) {
        fail("to", "must be a full commit SHA (40 hex characters), or left out for the commit live before this one");
        return null;
      }
      return { kind: "rollback", to };
    },
  ],
  ["POST", /^\/hold$/, () => ({ kind: "hold" })],
  ["DELETE", /^\/hold$/, () => ({ kind: "release" })],
  [
    "POST",
    /^\/freeze$/,
    (_sha, body, fail) => {
      if (body.until === undefined) return { kind: "freeze", until: null };
      const until = Date.parse(body.until);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(body.until) || Number.isNaN(until)) {
        fail("until", "must be an ISO-8601 time, e.g. 2026-12-01T18:00:00Z");
        return null;
      }
      return { kind: "freeze", until };
    },
  ],
  ["DELETE", /^\/freeze$/, () => ({ kind: "unfreeze" })],
];
