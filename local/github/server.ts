// The GitHub stand-in `npm start` runs on 127.0.0.1: the REST calls internalbf makes (dispatch,
// compare, runs list, run by id), answered as GitHub answers them, with the production workflow
// simulated (./workflow.ts) and main's history learned as it goes (./history.ts). It also takes the
// worker's alerts (`POST /hooks/alerts`), and keeps a timeline of what happened for the demo
// (`GET /__local/events`). Its state survives a restart: a JSON file beside the worker's.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT } from "../action.ts";
import { readBody, sendJson } from "../http.ts";
import { LinearHistory } from "./history.ts";
import { checkRequest } from "./openapi.ts";
import { compareAnswer, dispatchAnswer, runLinks, runsList, workflowRun } from "./shapes.ts";
import { ProductionWorkflow, type RunInputs, type SimulatedRun } from "./workflow.ts";

export interface StandInOptions {
  /** 0 for any free port. */
  readonly port: number;
  readonly workerUrl: string;
  readonly secret: string;
  readonly owner: string;
  readonly repo: string;
  /** The workflow file internalbf dispatches (PRODUCTION_WORKFLOW) and the ref (PRODUCTION_REF). */
  readonly workflow: string;
  readonly ref: string;
  /** Each phase of a simulated run takes this long (default 1,500 ms). */
  readonly stepMs?: number;
  /** Where its state is kept across restarts; none when absent. */
  readonly stateFile?: string;
  /** Called with each timeline line as it happens. */
  readonly onEvent?: (event: TimelineEvent) => void;
}

export interface TimelineEvent {
  readonly n: number;
  readonly at: string;
  readonly source: "github" | "alert";
  readonly text: string;
  readonly commit_sha?: string | undefined;
  readonly run_id?: number | undefined;
  readonly decision?: string | undefined;
}

interface Saved {
  readonly history: readonly string[];
  readonly runs: readonly SimulatedRun[];
  readonly nextRunId: number;
}

export interface StandIn {
  readonly url: string;
  /** Dispatch requests GitHub accepted, oldest first (their inputs). */
  readonly dispatches: () => readonly RunInputs[];
  readonly runs: () => readonly SimulatedRun[];
  /** Every GitHub API request and the status it was answered with. */
  readonly requests: () => readonly Request[];
  readonly events: () => readonly TimelineEvent[];
  readonly close: () => Promise<void>;
}

const DISPATCH = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/;
const COMPARE = /^\/repos\/([^/]+)\/([^/]+)\/compare\/([^/?]+)\.\.\.([^/?]+)$/;
const RUNS = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/runs$/;
const RUN = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/;

/** deploy-production.yml's workflow_dispatch inputs: GitHub refuses a dispatch that does not fit them. */
function workflowInputs(): Record<string, { required?: boolean; type?: string }> {
  const text = readFileSync(join(ROOT, ".github/workflows/deploy-production.yml"), "utf8");
  const on = (parse(text) as { on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } } }).on;
  return on.workflow_dispatch.inputs;
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const saved = load(options.stateFile);
  const history = new LinearHistory(saved.history);
  // A run that was going when the stand-in stopped lost its runner, as on GitHub.
  const runs: SimulatedRun[] = saved.runs.map((run) =>
    run.status === "completed" ? run : { ...run, status: "completed", conclusion: "cancelled" },
  );
  let nextRunId = saved.nextRunId;
  const dispatches: RunInputs[] = [];
  /** Every GitHub API request and its answer's status, oldest first. */
  const requests: Request[] = [];
  let outage: { status: number; headers: Record<string, string> } | null = null;
  const events: TimelineEvent[] = [];
  const inputsOf = workflowInputs();
  const repository = `${options.owner}/${options.repo}`;

  const save = () => {
    if (options.stateFile === undefined) return;
    const state: Saved = { history: history.commits(), runs, nextRunId };
    writeFileSync(options.stateFile, JSON.stringify(state));
  };
  const tell = (event: Omit<TimelineEvent, "n" | "at">) => {
    const full = { n: events.length + 1, at: new Date().toISOString(), ...event };
    events.push(full);
    options.onEvent?.(full);
  };
  const workflow = new ProductionWorkflow({
    workerUrl: options.workerUrl,
    secret: options.secret,
    repository,
    stepMs: options.stepMs ?? 1_500,
    tip: () => history.commits().at(-1) ?? "0".repeat(40),
    told: (text, run) =>
      tell({ source: "github", text, commit_sha: run.inputs.commit_sha, run_id: run.id, decision: run.decision }),
    changed: save,
  });

  /** GitHub creates a run for a dispatch (or a person's hand-run) and queues it in the group. */
  const createRun = (inputs: RunInputs): SimulatedRun => {
    history.learn(inputs.commit_sha);
    const id = nextRunId++;
    const now = new Date().toISOString();
    const run: SimulatedRun = {
      id,
      display_title: `Deploy ${inputs.commit_sha} to production ${inputs.dispatch_id}`.trimEnd(),
      status: "queued",
      conclusion: null,
      created_at: now,
      updated_at: now,
      html_url: `https://github.com/${repository}/actions/runs/${id}`,
      inputs,
    };
    runs.unshift(run);
    save();
    tell({
      source: "github",
      text: `run ${id} created for ${inputs.commit_sha.slice(0, 7)} (triggered by ${inputs.triggered_by})`,
      commit_sha: inputs.commit_sha,
      run_id: id,
    });
    workflow.enqueue(run);
    return run;
  };

  const routes = (req: IncomingMessage, body: string): Answer => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (path.startsWith("/__local/")) return control(method, path, body);
    if (method === "POST" && path === "/hooks/alerts") return alert(body);
    if (req.headers.authorization === undefined) return [401, { message: "Requires authentication" }];
    // What GitHub's own description says no to, GitHub refuses: the stand-in does too, and says so.
    const checked = checkRequest({ method, url: req.url ?? "/", body });
    if (checked.problems.length > 0) {
      tell({ source: "github", text: `refused ${method} ${path}: ${checked.problems.join("; ")}` });
      return checked.operationId === null
        ? [404, { message: "Not Found", problems: checked.problems }]
        : [422, { message: "Invalid request.", errors: checked.problems }];
    }
    const dispatch = DISPATCH.exec(path);
    if (method === "POST" && dispatch !== null) {
      if (outage !== null)
        return [outage.status, { message: "GitHub is having a bad day (the stand-in's outage)" }, outage.headers];
      return dispatchRun(dispatch, body);
    }
    const compare = COMPARE.exec(path);
    if (method === "GET" && compare !== null && ours(compare)) {
      const figures = history.compare(decodeURIComponent(compare[3] ?? ""), decodeURIComponent(compare[4] ?? ""));
      return [200, compareAnswer(figures)];
    }
    const list = RUNS.exec(path);
    if (method === "GET" && list !== null && ours(list) && list[3] === options.workflow) {
      const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30));
      return [200, { ...runsList(runs.slice(0, perPage).map(shown)), total_count: runs.length }];
    }
    const one = RUN.exec(path);
    if (method === "GET" && one !== null && ours(one)) {
      const run = runs.find((candidate) => candidate.id === Number(one[3]));
      return run === undefined ? [404, { message: "Not Found" }] : [200, shown(run)];
    }
    return [404, { message: "Not Found" }];
  };

  const ours = (match: RegExpExecArray) => match[1] === options.owner && match[2] === options.repo;

  /** A run as the REST API shows it (GitHub's example run, these fields over it): its inputs are not among them. */
  const shown = (run: SimulatedRun): Record<string, unknown> => {
    const { inputs: _inputs, decision: _decision, ...fields } = run;
    return workflowRun({
      ...runLinks(options.owner, options.repo, run.id),
      ...fields,
      name: "Deploy to Production",
      event: "workflow_dispatch",
      path: ".github/workflows/deploy-production.yml",
      head_branch: options.ref,
      run_attempt: 1,
    });
  };

  const dispatchRun = (match: RegExpExecArray, body: string): Answer => {
    if (!ours(match) || match[3] !== options.workflow) return [404, { message: "Not Found" }];
    const request = JSON.parse(body) as {
      ref?: string;
      inputs?: Record<string, unknown>;
      return_run_details?: boolean;
    };
    if (request.ref !== options.ref) return [422, { message: `No ref found for: ${String(request.ref)}` }];
    const given = request.inputs ?? {};
    const unexpected = Object.keys(given).filter((name) => !(name in inputsOf));
    if (unexpected.length > 0) return [422, { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` }];
    const missing = Object.entries(inputsOf).find(([name, input]) => input.required === true && !(name in given));
    if (missing !== undefined) return [422, { message: `Required input '${missing[0]}' not provided` }];
    const inputs: RunInputs = {
      commit_sha: String(given.commit_sha),
      triggered_by: String(given.triggered_by ?? "manual"),
      dispatch_id: String(given.dispatch_id ?? ""),
      emergency: String(given.emergency ?? "false") === "true",
      reason: String(given.reason ?? ""),
    };
    dispatches.push(inputs);
    const run = createRun(inputs);
    if (request.return_run_details !== true) return [204, null];
    return [
      200,
      dispatchAnswer({
        workflow_run_id: run.id,
        run_url: `https://api.github.com/repos/${repository}/actions/runs/${run.id}`,
        html_url: run.html_url,
      }),
    ];
  };

  const alert = (body: string): Answer => {
    const parsed = JSON.parse(body) as { summary?: string; sha?: string; alert?: string };
    tell({ source: "alert", text: parsed.summary ?? parsed.alert ?? "an alert", commit_sha: parsed.sha });
    return [204, null];
  };

  const control = (method: string, path: string, body: string): Answer => {
    const input = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
    if (method === "GET" && path === "/__local/events") return [200, { events }];
    if (method === "GET" && path === "/__local/runs") return [200, { runs, dispatches }];
    if (method === "GET" && path === "/__local/requests") return [200, { requests }];
    if (method === "POST" && path === "/__local/outage") {
      // Dispatches are answered with this status (and headers) until an empty body ends the outage.
      outage =
        input.status === undefined
          ? null
          : { status: Number(input.status), headers: (input.headers ?? {}) as Record<string, string> };
      return [200, { outage }];
    }
    if (method === "POST" && path === "/__local/commits") {
      // A push to main: these commits join the line in this order.
      for (const commit of input.commits as string[]) history.learn(commit);
      save();
      return [200, { history: history.commits().length }];
    }
    if (method === "POST" && path === "/__local/hand-run") {
      // Someone with write access runs deploy-production.yml by hand: no dispatch id.
      const run = createRun({
        commit_sha: String(input.commit_sha),
        triggered_by: "manual",
        dispatch_id: "",
        emergency: false,
        reason: "",
      });
      return [200, shown(run)];
    }
    return [404, { message: `no control ${method} ${path}` }];
  };

  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const [status, answer, headers] = routes(req, body);
        if (!(req.url ?? "").startsWith("/__local/") && req.url !== "/hooks/alerts") {
          const problems =
            status === 422 || status === 404
              ? ((answer as { errors?: string[]; problems?: string[] }).errors ??
                (answer as { problems?: string[] }).problems ??
                [])
              : [];
          requests.push({ method: req.method ?? "GET", path: req.url ?? "/", status, problems });
        }
        sendJson(res, status, answer, headers);
      })
      .catch((error: unknown) => sendJson(res, 400, { message: `Problems parsing JSON: ${String(error)}` }));
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, "127.0.0.1", done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dispatches: () => dispatches,
    runs: () => runs,
    requests: () => requests,
    events: () => events,
    close: async () => {
      await workflow.stop();
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    },
  };
}

type Answer = [number, unknown, Record<string, string>?];

/** A GitHub API request the stand-in answered; `problems` where GitHub's description refuses it. */
export interface Request {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly problems: readonly string[];
}

function load(file: string | undefined): Saved {
  const empty: Saved = { history: [], runs: [], nextRunId: 1001 };
  if (file === undefined) return empty;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return empty;
  }
  try {
    return { ...empty, ...(JSON.parse(text) as Partial<Saved>) };
  } catch {
    process.stderr.write(`the GitHub stand-in's state in ${file} is not JSON: starting from an empty history\n`);
    return empty;
  }
}
