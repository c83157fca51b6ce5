// The dashboard's entry points: GET / (the dashboard), GET /deployments/{sha} for a browser (the
// commit's page) and GET /assets/… . Each identifies the viewer as every operator route does, reads
// the Pipeline (two rounds of calls at most), and renders with the pure functions beside it.
import { type Config, configOf } from "../config";
import { HttpError } from "../http/errors";
import { log } from "../log";
import { computeMetrics, daysOf } from "../metrics";
import { AmbiguousCommit, commitTextOf, isFullSha, resolveCommit, unknownCommit } from "../operator/commit";
import { csrfToken } from "../operator/csrf";
import { identify } from "../operator/identity";
import { pipelineOf } from "../pipeline/stub";
import { assetResponse } from "./assets";
import { pageResponse } from "./layout";
import type { CommitRecord, Overview, PageContext, Viewer } from "./model";
import { renderCommit } from "./pages/commit";
import { renderDashboard } from "./pages/dashboard";
import { renderError } from "./pages/error";
import { commitsOf, completed, incomplete } from "./rows";

/**
 * Deployments (a commit in one environment each) read for a page of the recent list: the list's
 * largest page, so a page shows about 50 commits (more where staging failed and nothing followed).
 */
const PAGE_ROWS = 100;
/** Query parameters of a page that are about the last form post or a confirmation, not the page. */
const TRANSIENT = ["confirm", "sha", "done", "refused"];

/** GET /: the dashboard. */
export async function dashboardPage(request: Request, env: Env, url: URL): Promise<Response> {
  const config = configOf(env);
  return answerHtml(config, async () => {
    const viewer = await viewerOf(request, config);
    const cursor = cursorOf(url);
    // The Numbers section's period: `?days=` as GET /metrics reads it (30 by default).
    const days = daysOf(url);
    const pipeline = pipelineOf(env, config.repository);
    const [overview, list, numbers] = await Promise.all([
      pipeline.overview() as Promise<Overview>,
      pipeline.list({
        environment: null,
        status: null,
        limit: PAGE_ROWS,
        cursor: cursor === null ? null : Number(cursor),
      }),
      numbersOf(env, days),
    ]);
    const rows = commitsOf(list.deployments);
    const wanted = new Set([...incomplete(rows, cursor === null), overview.live, overview.in_flight?.sha]);
    const records = new Map<string, CommitRecord | null>();
    await Promise.all(
      [...wanted].map(async (sha) => {
        if (typeof sha === "string") records.set(sha, (await pipeline.record(sha)) as CommitRecord | null);
      }),
    );
    const data = {
      overview,
      live: overview.live === null ? null : (records.get(overview.live) ?? null),
      moving: overview.in_flight === null ? null : (records.get(overview.in_flight.sha) ?? null),
      rows: completed(rows, records),
      page: { cursor, next: list.next_cursor },
      numbers,
      days,
    };
    const confirm = { command: url.searchParams.get("confirm"), sha: url.searchParams.get("sha") };
    return renderDashboard(data, contextOf(config, request, url, viewer), confirm);
  });
}

/** GET /deployments/{sha} for a browser (it prefers text/html): the commit's page. */
export async function commitPage(request: Request, env: Env, text: string, url: URL): Promise<Response> {
  const config = configOf(env);
  return answerHtml(config, async () => {
    const viewer = await viewerOf(request, config);
    const named = commitTextOf(text);
    const sha = named !== null && isFullSha(named) ? named : await resolveCommit(env, config, text);
    const pipeline = pipelineOf(env, config.repository);
    const [record, overview] = await Promise.all([
      pipeline.record(sha) as Promise<CommitRecord | null>,
      pipeline.overview() as Promise<Overview>,
    ]);
    if (record === null) throw unknownCommit(sha);
    return renderCommit(record, overview, contextOf(config, request, url, viewer), {
      command: url.searchParams.get("confirm"),
    });
  });
}

/** GET /assets/{name}: the dashboard's stylesheet and script (public: they hold nothing of the pipeline). */
export async function asset(name: string): Promise<Response> {
  return assetResponse(name);
}

/** True when the request prefers HTML to JSON (a browser following a link). */
export function prefersHtml(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return /text\/html/i.test(accept) && !/^application\/json/i.test(accept);
}

/** The Numbers section's figures: what GET /metrics answers (null when they cannot be read now: the page still renders). */
async function numbersOf(env: Env, days: number): Promise<object | null> {
  try {
    return await computeMetrics(env, days);
  } catch (error) {
    log("warn", "dashboard_numbers_failed", { message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** The viewer: who the request is (401 with the Basic challenge otherwise) and their forms' token. */
async function viewerOf(request: Request, config: Config): Promise<Viewer> {
  const operator = await identify(request, config);
  const csrf = operator.actor === null ? null : await csrfToken(config, operator.actor);
  return { actor: operator.actor, via: operator.via, csrf };
}

/** The page's `?cursor=` (a previous page's next cursor), or null; 400 when it is not one. */
function cursorOf(url: URL): string | null {
  const cursor = url.searchParams.get("cursor");
  if (cursor === null || /^\d{1,15}$/.test(cursor)) return cursor;
  throw new HttpError(400, "invalid_query", "cursor must be the next_cursor of a previous page", [
    { field: "cursor", message: "must be the next_cursor of a previous page" },
  ]);
}

/**
 * The last form post's outcome, from the 303's query: shown only on a same-origin navigation (the
 * redirect after internalbf's own form), so a link sent from elsewhere cannot put its words on the page.
 */
function flashOf(request: Request, url: URL): PageContext["flash"] {
  if (request.headers.get("sec-fetch-site") !== "same-origin") return null;
  const done = url.searchParams.get("done");
  if (done !== null) return { done };
  const refused = url.searchParams.get("refused");
  return refused === null ? null : { refused };
}

/** The page's own path and query, without what is about the last form post or a confirmation. */
function backOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const name of TRANSIENT) params.delete(name);
  const query = params.toString();
  return `${url.pathname}${query === "" ? "" : `?${query}`}`;
}

function contextOf(config: Config, request: Request, url: URL, viewer: Viewer): PageContext {
  return {
    viewer,
    back: backOf(url),
    githubServerUrl: config.githubServerUrl,
    repository: config.repository,
    now: Date.now(),
    flash: flashOf(request, url),
  };
}

/** The page `render` builds, or a refusal as an HTML page with the refusal's status and headers. */
async function answerHtml(config: Config, render: () => Promise<string>): Promise<Response> {
  try {
    return pageResponse(await render());
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const matches = error instanceof AmbiguousCommit ? error.matches : [];
    const page = renderError(
      { status: error.status, code: error.code, message: error.message, matches },
      { viewer: null, repository: config.repository, flash: null },
    );
    return pageResponse(page, error.status, { ...error.headers });
  }
}
