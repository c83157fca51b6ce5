// GitHub through @octokit/core: the production workflow_dispatch, the compare API, and the
// workflow-run lookup that reconciles a dispatch whose outcome was lost.
import { Octokit } from "@octokit/core";
import type { Config } from "../config";
import type { Relation, TriggeredBy } from "../pipeline/model";
import { type Attempt, classifyStatus, describeNetworkError, failed, succeeded } from "./attempt";

/** Time limit of one GitHub call. */
export const GITHUB_TIMEOUT_MS = 10_000;

export interface DispatchedRun {
  readonly runId: number | null;
  readonly runUrl: string | null;
}

type GitHub = Config["github"];

function client(github: GitHub): Octokit {
  return new Octokit({
    auth: github.token ?? undefined,
    baseUrl: github.apiUrl,
    userAgent: "internalbf",
    request: { retries: 0 },
  });
}

/** Sends the production workflow_dispatch, asking for the run's details unless the server refused the field. */
export async function dispatchProduction(
  github: GitHub,
  sha: string,
  triggeredBy: TriggeredBy,
  askRunDetails: boolean,
): Promise<Attempt<DispatchedRun> & { readonly runDetailsRefused?: boolean }> {
  if (github.token === null)
    return failed(false, "GITHUB_TOKEN is not set: this internalbf records but never dispatches");
  const body = {
    owner: github.owner,
    repo: github.repo,
    workflow_id: github.workflow,
    ref: github.ref,
    inputs: { commit_sha: sha, triggered_by: triggeredBy },
    ...(askRunDetails ? { return_run_details: true } : {}),
  };
  const result = await call((request) =>
    client(github).request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...body,
      request,
    }),
  );
  if (!result.ok) {
    if (askRunDetails && result.status === 422 && /return_run_details/.test(result.error)) {
      return { ...(await dispatchProduction(github, sha, triggeredBy, false)), runDetailsRefused: true };
    }
    return result.attempt;
  }
  const data = (result.data ?? {}) as { workflow_run_id?: unknown; html_url?: unknown };
  return succeeded({
    runId: typeof data.workflow_run_id === "number" ? data.workflow_run_id : null,
    runUrl: typeof data.html_url === "string" ? data.html_url : null,
  });
}

/** How `sha` relates to `live` on GitHub: ahead, identical, behind or diverged. */
export async function compareCommits(github: GitHub, live: string, sha: string): Promise<Attempt<Relation>> {
  const result = await call((request) =>
    client(github).request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner: github.owner,
      repo: github.repo,
      basehead: `${live}...${sha}`,
      per_page: 1,
      request,
    }),
  );
  if (!result.ok) return result.attempt;
  const status = (result.data as { status?: unknown } | undefined)?.status;
  if (status === "ahead" || status === "identical" || status === "behind" || status === "diverged")
    return succeeded(status);
  return failed(false, `GitHub's compare answered an unknown status ${JSON.stringify(status)}`);
}

/** The production run dispatched for `sha` since `since`, found by its run name (`Deploy <sha> …`). */
export async function findDispatchedRun(
  github: GitHub,
  sha: string,
  since: number,
): Promise<Attempt<DispatchedRun | null>> {
  const result = await call((request) =>
    client(github).request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      request,
      owner: github.owner,
      repo: github.repo,
      workflow_id: github.workflow,
      event: "workflow_dispatch",
      created: `>=${new Date(since - 60_000).toISOString()}`,
      per_page: 50,
    }),
  );
  if (!result.ok) return result.attempt;
  const runs = ((result.data as { workflow_runs?: unknown } | undefined)?.workflow_runs ?? []) as {
    id?: unknown;
    display_title?: unknown;
    html_url?: unknown;
  }[];
  const run = runs.find(
    (candidate) => typeof candidate.display_title === "string" && candidate.display_title.includes(sha),
  );
  if (run === undefined) return succeeded(null);
  return succeeded({
    runId: typeof run.id === "number" ? run.id : null,
    runUrl: typeof run.html_url === "string" ? run.html_url : null,
  });
}

type Called =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly status: number | null; readonly error: string; readonly attempt: Attempt<never> };

/** Runs one Octokit request under the time limit and classifies its failure. */
async function call(send: (request: { signal: AbortSignal }) => Promise<{ data: unknown }>): Promise<Called> {
  const now = Date.now();
  try {
    const response = await send({ signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS) });
    return { ok: true, data: response.data };
  } catch (error) {
    const failure = error as { status?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
    if (typeof failure.status === "number" && failure.response !== undefined) {
      const headers = new Headers(failure.response.headers ?? {});
      const message = githubMessage(failure.response.data);
      const { retryable, notBefore } = classifyStatus(failure.status, headers, now);
      const text = `GitHub answered ${failure.status}${message === "" ? "" : `: ${message}`}`;
      return { ok: false, status: failure.status, error: text, attempt: failed(retryable, text, notBefore) };
    }
    const text = `GitHub unreachable: ${describeNetworkError(error)}`;
    return { ok: false, status: null, error: text, attempt: failed(true, text) };
  }
}

function githubMessage(data: unknown): string {
  if (typeof data === "object" && data !== null && "message" in data && typeof data.message === "string") {
    return data.message.slice(0, 300);
  }
  return "";
}
