// The read API: deployments, one commit's record, the audit trail, the pipeline. Each is one
// indexed query in the Pipeline Durable Object, so its cost does not grow with history.
import { configOf } from "../config";
import { HttpError, json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";
import { ENVIRONMENTS, type Environment, type FieldError, isOneOf } from "../protocol";
import { commitFieldError, commitTextOf, isFullSha, resolveCommit, unknownCommit } from "./commit";

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

/** GET /deployments?environment=&status=&limit=&cursor= */
export async function listDeployments(env: Env, url: URL): Promise<Response> {
  const params = url.searchParams;
  const errors: FieldError[] = [];
  const environment = params.get("environment");
  if (environment !== null && !isOneOf(ENVIRONMENTS, environment)) {
    errors.push({ field: "environment", message: "environment must be staging or production" });
  }
  const status = params.get("status");
  if (status !== null && !/^[a-z_]{1,32}$/.test(status)) {
    errors.push({ field: "status", message: "status must be a status word" });
  }
  const page = pageOf(params, errors);
  // Kept as it shipped: clients of this route know its 400 as invalid_query.
  refuseIf(errors, "invalid_query");
  const deployments = await pipelineOf(env, configOf(env).repository).list({
    environment: environment as Environment | null,
    status,
    ...page,
  });
  return json(deployments);
}

/** GET /deployments/{sha}: the full SHA or a unique prefix. */
export async function getDeployment(env: Env, text: string): Promise<Response> {
  const config = configOf(env);
  const named = commitTextOf(text);
  // A full SHA is read at once (one call); a prefix is resolved first.
  const sha = named !== null && isFullSha(named) ? named : await resolveCommit(env, config, text);
  const record = await pipelineOf(env, config.repository).record(sha);
  if (record === null) throw unknownCommit(sha);
  return json(record);
}

/** GET /events?limit=&cursor=&sha=: the audit trail newest first, of one commit (a SHA or unique prefix) or all. */
export async function listEvents(env: Env, url: URL): Promise<Response> {
  const params = url.searchParams;
  const errors: FieldError[] = [];
  const page = pageOf(params, errors);
  const shaText = params.get("sha");
  if (shaText !== null && commitTextOf(shaText) === null) errors.push(commitFieldError("sha"));
  refuseIf(errors, "invalid_payload");
  const config = configOf(env);
  const sha = shaText === null ? null : await resolveCommit(env, config, shaText);
  return json(await pipelineOf(env, config.repository).events({ sha, ...page }));
}

/** A paged read's `limit` (1–100, default 50) and `cursor` (a previous page's next_cursor); their errors go to `errors`. */
function pageOf(params: URLSearchParams, errors: FieldError[]): { limit: number; cursor: number | null } {
  const limitText = params.get("limit") ?? String(DEFAULT_LIMIT);
  const limitOk = /^\d{1,3}$/.test(limitText) && Number(limitText) >= 1 && Number(limitText) <= MAX_LIMIT;
  if (!limitOk) errors.push({ field: "limit", message: `limit must be 1 to ${MAX_LIMIT}` });
  const cursorText = params.get("cursor");
  if (cursorText !== null && !/^\d{1,15}$/.test(cursorText)) {
    errors.push({ field: "cursor", message: "cursor must be the next_cursor of a previous page" });
  }
  return {
    limit: limitOk ? Number(limitText) : DEFAULT_LIMIT,
    cursor: cursorText === null ? null : Number(cursorText),
  };
}

/** 400 with every field error, when there is any. */
function refuseIf(errors: readonly FieldError[], code: string): void {
  if (errors.length > 0) {
    throw new HttpError(400, code, errors.map((error) => error.message).join("; "), errors);
  }
}

/** GET /pipeline */
export async function getPipeline(env: Env): Promise<Response> {
  return json(await pipelineOf(env, configOf(env).repository).overview());
}
