// The world outside internalbf, faked on 127.0.0.1: GitHub's REST API (workflow dispatch, compare,
// workflow runs, one run by id with its status), a heartbeat monitor, alert receivers (Slack, Discord, generic webhooks) and a Cloudflare Access team's
// signing keys (`/cdn-cgi/access/certs`, the public halves of ./access-keys). It runs in Node and is
// programmed over HTTP (`/__fake/*`), so tests inside workerd drive it exactly like tests in Node.
// Every request on a GitHub route is held against GitHub's own OpenAPI description: one GitHub
// would refuse is answered as GitHub would and recorded in `violations`, which fail the test that
// sent it (test/worker/github-openapi/setup.ts in workerd, `close()` in Node). Its answers are built
// from the description's examples (local/github/shapes.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest } from "../../local/github/openapi.ts";
import { compareAnswer, dispatchAnswer, runLinks, runsList, workflowRun } from "../../local/github/shapes.ts";
import { readBody, sendJson } from "../../local/http.ts";
import { ACCESS_KEY, publicJwk } from "./access-keys.ts";
import { APP_TOKEN, answerTokenRequest, type FakeApp, type IssuedToken } from "./app-tokens.ts";
import {
  describeViolations,
  type FakeRun,
  type Recorded,
  type Route,
  type Scripted,
  type Violation,
} from "./contract.ts";

export type { FakeRun, Recorded, Route, Scripted, Violation };

interface State {
  requests: Recorded[];
  scripts: Record<Route, Scripted[]>;
  /** main's history, oldest first: compare answers from positions in it. */
  history: string[];
  /** commits off main's line: compare answers `diverged`. */
  diverged: string[];
  /** when true, a dispatch asking for return_run_details is refused with 422 (older GitHub Enterprise). */
  rejectRunDetails: boolean;
  nextRunId: number;
  runs: FakeRun[];
  /** GitHub's list of runs is eventually consistent: a run is listed this long after it was created. */
  listLagMs: number;
  /** The fake's clock runs this far ahead of the machine's (tests travel in time with the worker). */
  clockOffsetMs: number;
  /** The JWKS the Access team publishes at /cdn-cgi/access/certs. */
  accessKeys: unknown[];
  /** How often /cdn-cgi/access/certs was fetched (not in `requests`: a key fetch sends nothing). */
  accessCertsFetches: number;
  /** The GitHub App whose JWTs the App-token route takes (`POST /__fake/app`), and the tokens it issued. */
  app: FakeApp | null;
  appTokens: IssuedToken[];
  /** Requests GitHub's description refuses, until a test takes them (`POST /__fake/violations`). */
  violations: Violation[];
}

function freshState(): State {
  return {
    requests: [],
    scripts: {
      dispatch: [],
      compare: [],
      runs: [],
      run: [],
      alert: [],
      heartbeat: [],
      access_certs: [],
      app_token: [],
    },
    history: [],
    diverged: [],
    rejectRunDetails: false,
    nextRunId: 1000,
    runs: [],
    listLagMs: 0,
    clockOffsetMs: 0,
    accessKeys: [publicJwk(ACCESS_KEY)],
    accessCertsFetches: 0,
    app: null,
    appTokens: [],
    violations: [],
  };
}

const clock = (state: State): number => Date.now() + state.clockOffsetMs;

/** Creates a production run as GitHub does for a dispatch (or for a person running the workflow by hand). */
function createRun(state: State, owner: string, repo: string, commitSha: string, dispatchId: string): FakeRun {
  const id = state.nextRunId++;
  const run: FakeRun = {
    id,
    // deploy-production.yml's run-name.
    display_title: `Deploy ${commitSha} to production ${dispatchId}`.trimEnd(),
    created_at: new Date(clock(state)).toISOString(),
    html_url: `https://github.com/${owner}/${repo}/actions/runs/${id}`,
    commit_sha: commitSha,
    dispatch_id: dispatchId,
    status: "queued",
    conclusion: null,
    head_commit: { message: `Change ${commitSha.slice(0, 7)}\n\nIts body.` },
  };
  state.runs.unshift(run);
  return run;
}

export interface FakeOutside {
  readonly url: string;
  readonly state: () => State;
  /** Takes the violations recorded so far (they are then cleared). */
  readonly violations: () => Violation[];
  /** Stops the fake; rejects, once stopped, naming any violation no test took (so the test fails). */
  readonly close: () => Promise<void>;
}

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export async function startFakeOutside(): Promise<FakeOutside> {
  let state = freshState();
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        if (req.url?.startsWith("/__fake/")) {
          const result = control(req, body);
          // A reset starts a fresh world, but a violation still fails the test that sent it.
          if (result === "reset") state = { ...freshState(), violations: state.violations };
          const answer = result === "reset" ? undefined : result(state);
          return sendJson(res, 200, req.method === "GET" ? state : (answer ?? { ok: true }));
        }
        return serve(state, req, res, body);
      })
      .catch((error: unknown) => sendJson(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // A test runner may exit while the fake still listens.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state: () => state,
    violations: () => state.violations.splice(0),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      const left = state.violations.splice(0);
      if (left.length > 0) throw new Error(describeViolations(left));
    },
  };
}

type Mutation = (state: State) => unknown;

function control(req: IncomingMessage, body: string): Mutation | "reset" {
  const path = req.url ?? "";
  const input = body.length > 0 ? (JSON.parse(body) as Record<string, unknown>) : {};
  if (path === "/__fake/reset") return "reset";
  if (path === "/__fake/state") return () => undefined;
  if (path === "/__fake/violations") return (state) => state.violations.splice(0);
  if (path === "/__fake/script") {
    return (state) => {
      const route = input.route as Route;
      state.scripts[route].push(...(input.responses as Scripted[]));
    };
  }
  if (path === "/__fake/history") {
    return (state) => {
      state.history = (input.history as string[] | undefined) ?? state.history;
      state.diverged = (input.diverged as string[] | undefined) ?? state.diverged;
    };
  }
  if (path === "/__fake/list-lag") {
    return (state) => {
      state.listLagMs = Number(input.ms);
    };
  }
  if (path === "/__fake/advance") {
    return (state) => {
      state.clockOffsetMs += Number(input.ms);
    };
  }
  if (path === "/__fake/hand-run") {
    // Someone with write access runs deploy-production.yml by hand (dispatch_id as they typed it).
    return (state) =>
      createRun(state, "bolt-foundry", "monorepo", String(input.commit_sha), String(input.dispatch_id ?? ""));
  }
  if (path === "/__fake/app") {
    // The GitHub App internalbf authenticates as: { id, installation_id, key } (its public JWK).
    return (state) => {
      state.app = input as unknown as FakeApp;
    };
  }
  if (path === "/__fake/access-keys") {
    // The Access team rotates its keys: these are published from now on.
    return (state) => {
      state.accessKeys = input.keys as unknown[];
    };
  }
  if (path === "/__fake/run-status") {
    // GitHub moves a run on: { id, status, conclusion? }.
    return (state) => {
      const run = state.runs.find((candidate) => candidate.id === Number(input.id));
      if (run === undefined) throw new Error(`no run ${String(input.id)}`);
      run.status = String(input.status);
      run.conclusion = input.conclusion === undefined ? null : (input.conclusion as string | null);
      return run;
    };
  }
  if (path === "/__fake/reject-run-details") {
    return (state) => {
      state.rejectRunDetails = input.value === true;
    };
  }
  throw new Error(`unknown control path ${path}`);
}

const DISPATCH = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/;
const COMPARE = /^\/repos\/([^/]+)\/([^/]+)\/compare\/([0-9a-f]+)\.\.\.([0-9a-zA-Z._-]+)(\?.*)?$/;
const RUNS = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs/;
const RUN = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/;
const ALERT = /^\/(services|api\/webhooks|hooks)\//;
const HEARTBEAT = /^\/heartbeat\//;
const ACCESS_CERTS = "/cdn-cgi/access/certs";

function routeOf(method: string, path: string): Route | "unknown" {
  if (method === "POST" && DISPATCH.test(path)) return "dispatch";
  if (method === "GET" && COMPARE.test(path)) return "compare";
  if (method === "GET" && RUNS.test(path)) return "runs";
  if (method === "GET" && RUN.test(path)) return "run";
  if (method === "GET" && HEARTBEAT.test(path)) return "heartbeat";
  if (method === "POST" && APP_TOKEN.test(path)) return "app_token";
  if (method === "POST" && ALERT.test(path)) return "alert";
  return "unknown";
}

async function serve(state: State, req: IncomingMessage, res: ServerResponse, body: string) {
  const method = req.method ?? "GET";
  const path = req.url ?? "/";
  if (method === "GET" && path === ACCESS_CERTS) return accessCerts(state, res);
  const route = routeOf(method, path);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers[name] = value;
  }
  state.requests.push({ route, method, path, headers, body, at: Date.now() });
  if (route !== "alert" && route !== "heartbeat") {
    const { operationId, problems } = checkRequest({ method, url: path, body });
    if (problems.length > 0) {
      state.violations.push({ method, path, operationId, problems, at: Date.now() });
      return operationId === null
        ? sendJson(res, 404, { message: "Not Found", documentation_url: DOCS })
        : sendJson(res, 422, { message: "Invalid request.", errors: problems, documentation_url: DOCS });
    }
  }
  if (route === "unknown") return sendJson(res, 404, { message: "Not Found", documentation_url: DOCS });

  const scripted = state.scripts[route].shift();
  if (scripted?.delayMs !== undefined) await sleep(scripted.delayMs);
  if (scripted?.reset === true) {
    req.socket.destroy();
    return;
  }
  if (scripted?.status !== undefined) {
    if (route === "dispatch" && scripted.createRun === true) dispatchedRun(state, path, body);
    return sendJson(res, scripted.status, scripted.body ?? {}, scripted.headers);
  }
  if (route === "dispatch") return dispatch(state, res, path, body);
  if (route === "app_token") {
    const asked = { path, authorization: headers.authorization, body };
    const answer = answerTokenRequest(state.app, asked, clock(state), state.appTokens);
    return sendJson(res, answer.status, answer.body);
  }
  if (route === "compare") return compare(state, res, path);
  if (route === "runs") {
    const [, owner = "", repo = ""] = RUNS.exec(path) ?? [];
    const listed = state.runs.filter((run) => Date.parse(run.created_at) + state.listLagMs <= clock(state));
    return sendJson(res, 200, runsList(listed.map((run) => runAnswer(run, owner, repo))));
  }
  if (route === "run") {
    const [, owner = "", repo = "", id] = RUN.exec(path) ?? [];
    const run = state.runs.find((candidate) => candidate.id === Number(id));
    return run === undefined
      ? sendJson(res, 404, { message: "Not Found", documentation_url: DOCS })
      : sendJson(res, 200, runAnswer(run, owner, repo));
  }
  if (route === "heartbeat") return sendJson(res, 200, { ok: true });
  return res.writeHead(route === "alert" && path.startsWith("/services/") ? 200 : 204).end();
}

/** The Access team's key set, as Cloudflare serves it (counted, not recorded). */
async function accessCerts(state: State, res: ServerResponse) {
  state.accessCertsFetches += 1;
  const scripted = state.scripts.access_certs.shift();
  if (scripted?.delayMs !== undefined) await sleep(scripted.delayMs);
  if (scripted?.reset === true) {
    res.socket?.destroy();
    return;
  }
  if (scripted?.status !== undefined) return sendJson(res, scripted.status, scripted.body ?? {}, scripted.headers);
  return sendJson(res, 200, { keys: state.accessKeys });
}

const DOCS = "https://docs.github.com/rest";

/** A production run as GitHub answers it: the description's example run, with this run's fields. */
function runAnswer(run: FakeRun, owner: string, repo: string): Record<string, unknown> {
  return workflowRun({
    ...runLinks(owner, repo, run.id),
    // Every field of FakeRun, the test-only commit_sha and dispatch_id too (GitHub's runs allow more fields).
    ...run,
    name: "Deploy to production",
    path: ".github/workflows/deploy-production.yml",
    event: "workflow_dispatch",
    head_branch: "main",
    head_sha: run.commit_sha,
    head_commit: { id: run.commit_sha, message: run.head_commit.message, timestamp: run.created_at },
    run_started_at: run.created_at,
    updated_at: run.created_at,
  });
}

/** The run a dispatch request creates. */
function dispatchedRun(state: State, path: string, body: string): FakeRun {
  const input = JSON.parse(body) as { inputs?: { commit_sha?: string; dispatch_id?: string } };
  const [, owner = "", repo = ""] = DISPATCH.exec(path) ?? [];
  return createRun(state, owner, repo, input.inputs?.commit_sha ?? "?", input.inputs?.dispatch_id ?? "");
}

function dispatch(state: State, res: ServerResponse, path: string, body: string) {
  const input = JSON.parse(body) as { return_run_details?: boolean };
  if (input.return_run_details !== undefined && state.rejectRunDetails) {
    return sendJson(res, 422, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' });
  }
  const run = dispatchedRun(state, path, body);
  if (input.return_run_details !== true) return res.writeHead(204).end();
  return sendJson(
    res,
    200,
    dispatchAnswer({
      workflow_run_id: run.id,
      run_url: run.html_url.replace("https://github.com/", "https://api.github.com/repos/"),
      html_url: run.html_url,
    }),
  );
}

function compare(state: State, res: ServerResponse, path: string) {
  const [, , , base = "", named = ""] = COMPARE.exec(path) ?? [];
  // A branch name (the production ref) stands for the tip of main's history.
  const head = /^[0-9a-f]{40}$/.test(named) ? named : (state.history.at(-1) ?? named);
  if (state.diverged.includes(head) || state.diverged.includes(base)) {
    return sendJson(res, 200, compareAnswer({ status: "diverged", ahead_by: 1, behind_by: 1 }));
  }
  const from = state.history.indexOf(base);
  const to = state.history.indexOf(head);
  if (from < 0 || to < 0) return sendJson(res, 404, { message: "No common ancestor between refs." });
  const status = to > from ? "ahead" : to < from ? "behind" : "identical";
  return sendJson(
    res,
    200,
    compareAnswer({ status, ahead_by: Math.max(0, to - from), behind_by: Math.max(0, from - to) }),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
