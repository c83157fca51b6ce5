// The GitHub stand-in alone (no worker): it answers as GitHub does, learns main's line as it hears
// of commits, runs one production run at a time as deploy-production.yml's concurrency group does,
// and keeps its state across a restart.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LinearHistory } from "../../local/github/history.ts";
import { checkResponse } from "../../local/github/openapi.ts";
import { type StandIn, startStandIn } from "../../local/github/server.ts";
import { removeState, tempState, until } from "./support.ts";

const sha = (n: number) => n.toString(16).padStart(40, "0");
const REPO = "/repos/bolt-foundry/monorepo";
const AUTH = { authorization: "Bearer local-github-token", "content-type": "application/json" };

let standIn: StandIn | undefined;
let state: string | undefined;
/** A worker that refuses every notification (403): the runs' notify steps fail at once. */
let refusing: Server;
let refusingUrl: string;
const notified: { event?: string; status?: string }[] = [];

beforeAll(async () => {
  refusing = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => notified.push(JSON.parse(body) as { event?: string; status?: string }));
    res.writeHead(403, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "wrong_repository", message: "not this repository" } }));
  });
  await new Promise<void>((done) => refusing.listen(0, "127.0.0.1", done));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => refusing.close(() => done())));

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
  if (state !== undefined) await removeState(state);
  state = undefined;
});

/** A stand-in whose production runs report to the refusing worker. */
async function start(stepMs = 5_000, stateFile?: string): Promise<StandIn> {
  standIn = await startStandIn({
    port: 0,
    workerUrl: refusingUrl,
    secret: "whsec_bG9jYWwtZGV2ZWxvcG1lbnQtc2VjcmV0LTMyYnl0ZXM=",
    owner: "bolt-foundry",
    repo: "monorepo",
    workflow: "deploy-production.yml",
    ref: "main",
    stepMs,
    ...(stateFile === undefined ? {} : { stateFile }),
  });
  return standIn;
}

const dispatch = (url: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  fetch(`${url}${REPO}/actions/workflows/deploy-production.yml/dispatches`, {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ ref: "main", inputs, return_run_details: true, ...extra }),
  });

describe("main's line", () => {
  it("orders commits as it first heard of them; a branch name is the tip", () => {
    const history = new LinearHistory([sha(1), sha(2)]);
    expect(history.compare(sha(1), sha(2))).toEqual({ status: "ahead", ahead_by: 1, behind_by: 0 });
    expect(history.compare(sha(2), sha(1))).toEqual({ status: "behind", ahead_by: 0, behind_by: 1 });
    expect(history.compare(sha(2), sha(2)).status).toBe("identical");
    // Two commits never heard of: the base first, then the head.
    expect(history.compare(sha(3), sha(4))).toEqual({ status: "ahead", ahead_by: 1, behind_by: 0 });
    expect(history.compare(sha(1), "main")).toEqual({ status: "ahead", ahead_by: 3, behind_by: 0 });
    expect(history.commits()).toEqual([sha(1), sha(2), sha(3), sha(4)]);
  });

  it("answers compare from a push the demo announced", async () => {
    const { url } = await start();
    await fetch(`${url}/__local/commits`, { method: "POST", body: JSON.stringify({ commits: [sha(7), sha(8)] }) });
    const answer = await fetch(`${url}${REPO}/compare/${sha(8)}...${sha(7)}`, { headers: AUTH });
    expect(await answer.json()).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 1 });
  });
});

describe("the REST API", () => {
  it("refuses what GitHub refuses: no token, another repository or workflow, a missing or unknown input, another ref", async () => {
    const { url, dispatches } = await start();
    const path = `${REPO}/actions/workflows/deploy-production.yml/dispatches`;
    const noToken = await fetch(`${url}${path}`, { method: "POST", body: "{}" });
    expect(noToken.status).toBe(401);
    const other = await fetch(`${url}/repos/someone/else/actions/workflows/deploy-production.yml/dispatches`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({ ref: "main", inputs: { commit_sha: sha(1) } }),
    });
    expect(other.status).toBe(404);
    const missing = await dispatch(url, { triggered_by: "x" });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { message: string }).message).toContain("commit_sha");
    const unknown = await dispatch(url, { commit_sha: sha(1), colour: "blue" });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { message: string }).message).toContain("colour");
    const ref = await dispatch(url, { commit_sha: sha(1) }, { ref: "develop" });
    expect(ref.status).toBe(422);
    expect(dispatches()).toHaveLength(0);
  });

  it("creates a run for a dispatch: its details, then the run in the list and by id, named with the dispatch id", async () => {
    const { url } = await start();
    const answer = await dispatch(url, {
      commit_sha: sha(1),
      triggered_by: "internalbf-staging-success",
      dispatch_id: "ibf-0123456789abcdef",
    });
    expect(answer.status).toBe(200);
    const details = (await answer.json()) as { workflow_run_id: number; html_url: string };
    const list = (await (
      await fetch(`${url}${REPO}/actions/workflows/deploy-production.yml/runs?per_page=10`, { headers: AUTH })
    ).json()) as {
      workflow_runs: { id: number; display_title: string; status: string }[];
    };
    expect(list.workflow_runs.map((run) => run.id)).toEqual([details.workflow_run_id]);
    expect(list.workflow_runs[0]?.display_title).toBe(`Deploy ${sha(1)} to production ibf-0123456789abcdef`);
    const one = (await (
      await fetch(`${url}${REPO}/actions/runs/${details.workflow_run_id}`, { headers: AUTH })
    ).json()) as {
      status: string;
      html_url: string;
    };
    expect(one.status).toBe("queued");
    expect(one.html_url).toBe(details.html_url);
  });

  it("answers dispatches with the outage's status and headers until it ends", async () => {
    const { url, dispatches } = await start();
    await fetch(`${url}/__local/outage`, {
      method: "POST",
      body: JSON.stringify({ status: 429, headers: { "retry-after": "3" } }),
    });
    const refused = await dispatch(url, { commit_sha: sha(1) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("3");
    await fetch(`${url}/__local/outage`, { method: "POST", body: "{}" });
    expect((await dispatch(url, { commit_sha: sha(1) })).status).toBe(200);
    expect(dispatches()).toHaveLength(1);
  });
});

describe("GitHub's own description", () => {
  it("refuses a request GitHub would refuse, naming the problem", async () => {
    const { url, requests, dispatches } = await start();
    const answer = await fetch(`${url}${REPO}/actions/workflows/deploy-production.yml/dispatches`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({ ref: "main", inputs: "commit_sha" }),
    });
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { errors: string[] }).errors.join()).toContain("inputs must be object");
    const list = await fetch(`${url}${REPO}/actions/workflows/deploy-production.yml/runs?per_page=abc`, {
      headers: AUTH,
    });
    expect(list.status).toBe(422);
    expect(requests().map((request) => request.problems.length > 0)).toEqual([true, true]);
    expect(dispatches()).toHaveLength(0);
  });

  it("answers in the shapes its response schemas describe", async () => {
    const { url } = await start();
    const dispatched = await dispatch(url, { commit_sha: sha(1), dispatch_id: "ibf-0123456789abcdef" });
    const details = (await dispatched.json()) as { workflow_run_id: number };
    expect(checkResponse("actions/create-workflow-dispatch", 200, details)).toEqual([]);
    const listed = await (
      await fetch(`${url}${REPO}/actions/workflows/deploy-production.yml/runs`, { headers: AUTH })
    ).json();
    expect(checkResponse("actions/list-workflow-runs", 200, listed)).toEqual([]);
    const one = await (await fetch(`${url}${REPO}/actions/runs/${details.workflow_run_id}`, { headers: AUTH })).json();
    expect(checkResponse("actions/get-workflow-run", 200, one)).toEqual([]);
    const compared = await (await fetch(`${url}${REPO}/compare/${sha(1)}...${sha(2)}`, { headers: AUTH })).json();
    expect(checkResponse("repos/compare-commits-with-basehead", 200, compared)).toEqual([]);
    expect(compared).toMatchObject({ status: "ahead", ahead_by: 1, behind_by: 0 });
  });
});

describe("the production workflow", () => {
  it("runs one run at a time and cancels a waiting run when a newer one joins the group", async () => {
    const { url, runs } = await start(60_000);
    for (const n of [1, 2, 3]) await dispatch(url, { commit_sha: sha(n) });
    const byCommit = (n: number) => runs().find((run) => run.inputs.commit_sha === sha(n));
    expect(byCommit(1)?.status).toBe("queued");
    expect(byCommit(2)).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(byCommit(3)?.status).toBe("queued");
  });

  it("stops a run at the door when internalbf does not approve it, reports it skipped, and says so", async () => {
    const { url, runs, events } = await start(10);
    await dispatch(url, { commit_sha: sha(1) });
    await until("the run to end", async () => (runs()[0]?.status === "completed" ? true : undefined), 60_000);
    expect(runs()[0]?.conclusion).toBe("failure");
    expect(notified.map(({ event, status }) => [event, status])).toEqual([
      ["production_deployment_started", undefined],
      ["production_deployment_complete", "skipped"],
    ]);
    expect(events().map((event) => event.text)).toContain(`run ${runs()[0]?.id} completed: failure (nothing deployed)`);
  });

  it("keeps its history and runs across a restart; a run that was going lost its runner", async () => {
    state = await tempState();
    const file = join(state, "stand-in.json");
    const first = await start(60_000, file);
    await dispatch(first.url, { commit_sha: sha(1) });
    await first.close();
    const saved = JSON.parse(readFileSync(file, "utf8")) as { history: string[] };
    expect(saved.history).toEqual([sha(1)]);
    const second = await start(60_000, file);
    expect(second.runs()[0]).toMatchObject({ id: 1001, status: "completed", conclusion: "cancelled" });
    const answer = (await (await dispatch(second.url, { commit_sha: sha(2) })).json()) as { workflow_run_id: number };
    expect(answer.workflow_run_id).toBe(1002);
  });

  it("takes the worker's alerts into its timeline", async () => {
    const { url, events } = await start();
    const answer = await fetch(`${url}/hooks/alerts`, {
      method: "POST",
      body: JSON.stringify({ summary: "Staging failed for 0000001", sha: sha(1) }),
    });
    expect(answer.status).toBe(204);
    expect(events()).toMatchObject([{ source: "alert", text: "Staging failed for 0000001", commit_sha: sha(1) }]);
  });
});
