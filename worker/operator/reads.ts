// The read API: deployments, one commit's record, the pipeline. Each is one indexed query in
// the Pipeline Durable Object, so its cost does not grow with history.
import { configOf } from "../config";
import { HttpError, json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";
import { ENVIRONMENTS, type Environment, isOneOf } from "../protocol";

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

/** GET /deployments?environment=&status=&limit=&cursor= */
export async function listDeployments(env: Env, url: URL): Promise<Response> {
  const params = url.searchParams;
  const environment = params.get("environment");
  if (environment !== null && !isOneOf(ENVIRONMENTS, environment)) {
    throw new HttpError(400, "invalid_query", "environment must be staging or production");
  }
  const status = params.get("status");
  if (status !== null && !/^[a-z_]{1,32}$/.test(status))
    throw new HttpError(400, "invalid_query", "status must be a status word");
  const limitText = params.get("limit") ?? String(DEFAULT_LIMIT);
  if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT) {
    throw new HttpError(400, "invalid_query", `limit must be 1 to ${MAX_LIMIT}`);
  }
  const cursorText = params.get("cursor");
  if (cursorText !== null && !/^\d{1,15}$/.test(cursorText))
    throw new HttpError(400, "invalid_query", "cursor must be the next_cursor of a previous page");
  const page = await pipelineOf(env, configOf(env).repository).list({
    environment: environment as Environment | null,
    status,
    limit: Number(limitText),
    cursor: cursorText === null ? null : Number(cursorText),
  });
  return json(page);
}

/** GET /deployments/{sha} */
export async function getDeployment(env: Env, sha: string): Promise<Response> {
  if (!/^[0-9a-f]{40}$/.test(sha))
    throw new HttpError(400, "invalid_sha", "the commit must be a full SHA: 40 lowercase hex characters");
  const record = await pipelineOf(env, configOf(env).repository).record(sha);
  if (record === null) throw new HttpError(404, "deployment_not_found", `internalbf has no record of ${sha}`);
  return json(record);
}

/** GET /pipeline */
export async function getPipeline(env: Env): Promise<Response> {
  return json(await pipelineOf(env, configOf(env).repository).overview());
}
