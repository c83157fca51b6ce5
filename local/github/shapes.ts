// The answers a GitHub stand-in gives, built from the examples in GitHub's own description
// (./openapi.ts) with the fields that matter overriding: so every answer carries every field
// GitHub's would, in GitHub's types, and a client that reads one more field finds it.
import { exampleOf } from "./openapi.ts";

type Json = Record<string, unknown>;

const isPlain = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** `base` with `fields` over it: plain objects merge key by key, anything else (arrays, null) replaces. */
function merged(base: Json, fields: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const under = out[key];
    out[key] = isPlain(under) && isPlain(value) ? merged(under, value) : value;
  }
  return out;
}

/** The URLs of run `id` in `owner/repo`, as GitHub gives them on a workflow run. */
export function runLinks(owner: string, repo: string, id: number): Json {
  const api = `https://api.github.com/repos/${owner}/${repo}/actions/runs/${id}`;
  return {
    url: api,
    html_url: `https://github.com/${owner}/${repo}/actions/runs/${id}`,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    repository: { name: repo, full_name: `${owner}/${repo}` },
    head_repository: { name: repo, full_name: `${owner}/${repo}` },
  };
}

/**
 * A workflow run (`GET …/actions/runs/{run_id}`): the description's example run with `fields`
 * merged over it (`head_commit: { message }` keeps the example commit's other fields).
 */
export function workflowRun<T extends Json>(fields: T): Json & T {
  return merged(exampleOf("actions/get-workflow-run", 200), fields) as Json & T;
}

/** A page of workflow runs (`GET …/actions/workflows/{workflow_id}/runs`) holding `runs`, all of them. */
export function runsList(runs: readonly Json[]): Json & { total_count: number; workflow_runs: Json[] } {
  return { ...exampleOf("actions/list-workflow-runs", 200), total_count: runs.length, workflow_runs: [...runs] };
}

/** How two commits compare (`GET …/compare/{basehead}`): the example's commits and files, these figures. */
export function compareAnswer(figures: {
  readonly status: "ahead" | "behind" | "identical" | "diverged";
  readonly ahead_by: number;
  readonly behind_by: number;
}): Json & typeof figures {
  const example = exampleOf("repos/compare-commits-with-basehead", 200);
  return { ...example, ...figures, total_commits: figures.ahead_by };
}

/** A dispatch's answer with `return_run_details: true` (200): the run it created. */
export function dispatchAnswer(run: {
  readonly workflow_run_id: number;
  readonly run_url: string;
  readonly html_url: string;
}): Json & typeof run {
  return { ...exampleOf("actions/create-workflow-dispatch", 200), ...run };
}

/**
 * An installation access token (`POST /app/installations/{installation_id}/access_tokens`, 201).
 * Fields replace the example's whole (its `permissions` are not merged into the ones asked for).
 */
export function installationToken<T extends Json & { readonly token: string; readonly expires_at: string }>(
  fields: T,
): Json & T {
  return { ...exampleOf("apps/create-installation-access-token", 201), ...fields };
}
