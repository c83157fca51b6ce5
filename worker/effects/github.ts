// GitHub through @octokit/core: the production workflow_dispatch, the compare API, the
// workflow-run lookup that finds a dispatch's run by its dispatch id when its outcome was lost, and
// one run by id (the reconciliation of the deployment in flight). Each call takes its token from
// `credentials`: GITHUB_TOKEN, or a GitHub App's installation token.
import { Octokit } from "@octokit/core";
import type { Config } from "../config";
import type { Relation, TriggeredBy } from "../pipeline/model";
import { type Attempt, ambiguous, classifyStatus, describeNetworkError, failed, succeeded } from "./attempt";
import type { Credentials, Token } from "./github-credentials";

/** Time limit of one GitHub call. */
export const GITHUB_TIMEOUT_MS = 10_000;

export interface DispatchedRun {
  readonly runId: number | null;
  readonly runUrl: string | null;
}

/** GitHub's settings, and where each call's token comes from. */
export type GitHub = Config["github"] & { readonly credentials: Credentials };

function client(github: GitHub, token: string): Octokit {
  const octokit = new Octokit({ baseUrl: github.apiUrl, userAgent: "internalbf", request: { retries: 0 } });
  // Bearer for both kinds of token (Octokit's own token auth would say `token` for these).
  octokit.hook.before("request", (options) => {
    options.headers.authorization = `Bearer ${token}`;
  });
  return octokit;
}

/** One dispatch decision: the commit, why, and internalbf's id for it (the run's name carries it). */
export interface DispatchRequest {
  readonly sha: string;
  readonly triggeredBy: TriggeredBy;
  readonly dispatchId: string;
}

/** Sends the production workflow_dispatch, asking for the run's details unless the server refused the field. */
export async function dispatchProduction(
  github: GitHub,
  request: DispatchRequest,
  askRunDetails: boolean,
): Promise<Attempt<DispatchedRun> & { readonly runDetailsRefused?: boolean }> {
  const { sha, triggeredBy, dispatchId } = request;
  const body = {
    owner: github.owner,
    repo: github.repo,
    workflow_id: github.workflow,
    ref: github.ref,
    inputs: { commit_sha: sha, triggered_by: triggeredBy, dispatch_id: dispatchId },
    ...(askRunDetails ? { return_run_details: true } : {}),
  };
  const result = await call(github, (octokit, signal) =>
    octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...body,
      request: signal,
    }),
  );
  if (!result.ok) {
    if (askRunDetails && result.status === 422 && /return_run_details/.test(result.error)) {
      return { ...(await dispatchProduction(github, request, false)), runDetailsRefused: true };
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
  const result = await call(github, (octokit, request) =>
    octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
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

/** Whether the production ref contains `sha`: GitHub's compare `{sha}...{ref}` says ahead or identical. */
export async function containsCommit(
  github: GitHub,
  sha: string,
): Promise<Attempt<"contained" | "not_contained" | "unknown">> {
  const result = await call(github, (octokit, request) =>
    octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner: github.owner,
      repo: github.repo,
      basehead: `${sha}...${github.ref}`,
      per_page: 1,
      request,
    }),
  );
  if (!result.ok) return result.status === 404 ? succeeded("unknown") : result.attempt;
  const status = (result.data as { status?: unknown } | undefined)?.status;
  return succeeded(status === "ahead" || status === "identical" ? "contained" : "not_contained");
}

/**
 * The production run of one dispatch decision, found by its id in the run's name (never by the SHA
 * alone: a hand-run has the same SHA). Runs the gate refused are never taken; of several runs that
 * carry the id, the first created is the decision's.
 */
export async function findDispatchedRun(
  github: GitHub,
  dispatchId: string,
  since: number,
  refused: readonly number[],
): Promise<Attempt<DispatchedRun | null>> {
  const result = await call(github, (octokit, request) =>
    octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      request,
      owner: github.owner,
      repo: github.repo,
      workflow_id: github.workflow,
      event: "workflow_dispatch",
      created: `>=${new Date(since - 60_000).toISOString()}`,
      per_page: 100,
    }),
  );
  if (!result.ok) return result.attempt;
  const runs = ((result.data as { workflow_runs?: unknown } | undefined)?.workflow_runs ?? []) as {
    id?: unknown;
    display_title?: unknown;
    html_url?: unknown;
    created_at?: unknown;
  }[];
  const ours = runs
    .filter(
      (run): run is typeof run & { id: number } =>
        typeof run.id === "number" &&
        !refused.includes(run.id) &&
        typeof run.display_title === "string" &&
        run.display_title.split(/\s+/).includes(dispatchId),
    )
    .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id - b.id);
  const run = ours[0];
  if (run === undefined) return succeeded(null);
  return succeeded({ runId: run.id, runUrl: typeof run.html_url === "string" ? run.html_url : null });
}

/** A workflow run as GitHub says it is now. */
export interface RunStatus {
  /** queued, pending, requested, waiting, in_progress or completed. */
  readonly status: string;
  /** Once completed: success, failure, cancelled, timed_out, skipped, startup_failure, neutral, action_required, stale. */
  readonly conclusion: string | null;
  readonly runUrl: string | null;
  /** The first line of the run's head commit message, when GitHub gives it. */
  readonly subject: string | null;
}

/** Asks GitHub about one workflow run by its id. */
export async function getRun(github: GitHub, runId: number): Promise<Attempt<RunStatus>> {
  const result = await call(github, (octokit, request) =>
    octokit.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", {
      owner: github.owner,
      repo: github.repo,
      run_id: runId,
      request,
    }),
  );
  if (!result.ok) return result.attempt;
  const run = (result.data ?? {}) as {
    status?: unknown;
    conclusion?: unknown;
    html_url?: unknown;
    head_commit?: { message?: unknown } | null;
  };
  if (typeof run.status !== "string") return failed(true, "GitHub's run answered no status");
  const message = run.head_commit?.message;
  return succeeded({
    status: run.status,
    conclusion: typeof run.conclusion === "string" ? run.conclusion : null,
    runUrl: typeof run.html_url === "string" ? run.html_url : null,
    subject: typeof message === "string" ? (message.split("\n")[0]?.slice(0, 200) ?? null) : null,
  });
}

type Called =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly status: number | null; readonly error: string; readonly attempt: Attempt<never> };

type Send = (octokit: Octokit, request: { signal: AbortSignal }) => Promise<{ data: unknown }>;

/**
 * Runs one Octokit request with a token from the credentials and classifies its failure. A 401 to
 * an App's token drops it; to a cached one, the request goes once more at once with a new token
 * (GitHub carried out nothing it refused, so nothing is doubled).
 */
async function call(github: GitHub, send: Send): Promise<Called> {
  const first = await github.credentials.token();
  if (!first.ok) return unsent(first);
  const result = await once(github, first.value, send);
  if (result.ok || result.status !== 401 || !first.value.renewable) return result;
  await github.credentials.refused(first.value.token);
  if (!first.value.cached) return result;
  const fresh = await github.credentials.token();
  if (!fresh.ok) return unsent(fresh);
  const again = await once(github, fresh.value, send);
  if (!again.ok && again.status === 401) await github.credentials.refused(fresh.value.token);
  return again;
}

/** No token came, so nothing was sent: never ambiguous. */
function unsent(failure: Attempt<Token> & { ok: false }): Called {
  const { retryable, error, notBefore } = failure;
  return { ok: false, status: null, error, attempt: failed(retryable, error, notBefore) };
}

/** One request under the time limit. */
async function once(github: GitHub, { token, renewable }: Token, send: Send): Promise<Called> {
  const now = Date.now();
  try {
    const response = await send(client(github, token), { signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS) });
    return { ok: true, data: response.data };
  } catch (error) {
    const failure = error as { status?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
    if (typeof failure.status === "number" && failure.response !== undefined) {
      const headers = new Headers(failure.response.headers ?? {});
      const message = githubMessage(failure.response.data);
      const classified = classifyStatus(failure.status, headers, now);
      const { notBefore } = classified;
      // A new installation token GitHub has not yet seen everywhere: the next attempt takes another.
      const retryable = classified.retryable || (failure.status === 401 && renewable);
      const text = `GitHub answered ${failure.status}${message === "" ? "" : `: ${message}`}`;
      // A 5xx may come after GitHub carried the request out; a 4xx means it did not.
      const attempt =
        failure.status >= 500 ? ambiguous<never>(text, notBefore) : failed<never>(retryable, text, notBefore);
      return { ok: false, status: failure.status, error: text, attempt };
    }
    // A timeout or a reset may come after the request reached GitHub.
    const text = `GitHub unreachable: ${describeNetworkError(error)}`;
    return { ok: false, status: null, error: text, attempt: ambiguous(text) };
  }
}

function githubMessage(data: unknown): string {
  if (typeof data === "object" && data !== null && "message" in data && typeof data.message === "string") {
    return data.message.slice(0, 300);
  }
  return "";
}
