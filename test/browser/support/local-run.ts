// internalbf as a person runs it locally: the real worker under `wrangler dev`, offline, with every
// setting as a --var, GitHub and the alert receivers faked on 127.0.0.1 (test/fakes/outside.ts),
// driven by signed notifications as the action sends them. Shared by the browser tests and
// scripts/screenshot.mjs, so it imports nothing Node cannot run as it is (Node 24 strips the types).
import { createHash, createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startWranglerDev, type WranglerDev } from "../../../local/wrangler.ts";
import { type FakeOutside, type FakeRun, startFakeOutside } from "../../fakes/outside.ts";

export const SECRET = "whsec_YnJvd3Nlci10ZXN0LXNpZ25pbmctc2VjcmV0LTMyYnl0ZXMh";
export const ADMIN = "browser-admin-token";
export const REPOSITORY = "bolt-foundry/monorepo";

const PATHS = {
  staging_deployment_started: "/deployment/staging/started",
  staging_deployment_complete: "/deployment/staging/complete",
  production_deployment_started: "/deployment/production/started",
  production_deployment_complete: "/deployment/production/complete",
} as const;

/** What a notification carries (the wire contract's fields; see README "Notifications"). */
export interface Fields {
  readonly event: keyof typeof PATHS;
  readonly commit_sha: string;
  readonly status?: "success" | "failure" | "cancelled" | "skipped";
  readonly run_id?: number;
  readonly run_url?: string;
  readonly actor?: string;
  readonly details?: string;
  readonly dispatch_id?: string;
}

/** A deterministic commit SHA for `n`, whose first seven characters differ from every other n's. */
export const sha = (n: number): string => createHash("sha1").update(`browser-commit-${n}`).digest("hex");

export interface LocalRun {
  /** The worker's base URL, http://127.0.0.1:<port>. */
  readonly base: string;
  readonly outside: FakeOutside;
  /** Posts a signed notification; its status and body. */
  notify(fields: Fields): Promise<{ status: number; body: Record<string, unknown> }>;
  /** GET an operator route with the admin token; its JSON. */
  read(path: string): Promise<Record<string, unknown>>;
  /** An operator command as JSON (bearer token, a declared actor). */
  command(method: string, path: string, body?: Record<string, unknown>): Promise<Response>;
  /** A staging success of `commit` that goes live: dispatched, started and reported by its run. */
  goLive(commit: string): Promise<FakeRun>;
  /** A staging success of `commit`; with `dispatched`, waits until GitHub has its run. */
  stage(commit: string, dispatched?: boolean): Promise<FakeRun | null>;
  /** The dispatch requests GitHub received: each one's commit and triggered_by. */
  dispatches(): { commit_sha: string; triggered_by: string }[];
  /** Runs the cron as Cloudflare would (wrangler dev's scheduled route). */
  cron(): Promise<void>;
  stop(): Promise<void>;
}

function signed(id: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${mac}` };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Starts the fake outside world and `wrangler dev` on free ports of 127.0.0.1; waits until it answers. */
export async function startLocalRun(extraVars: Record<string, string> = {}): Promise<LocalRun> {
  const outside = await startFakeOutside();
  const state = await mkdtemp(join(tmpdir(), "internalbf-browser-"));
  const vars: Record<string, string> = {
    GITHUB_API_URL: outside.url,
    GITHUB_TOKEN: "browser-github-token",
    WEBHOOK_AUTH_TOKEN: SECRET,
    ADMIN_TOKEN: ADMIN,
    NOTIFICATION_ENDPOINTS: `${outside.url}/hooks/alerts`,
    ...extraVars,
  };
  let wrangler: WranglerDev;
  try {
    wrangler = await startWranglerDev({ port: await freePort(), persistTo: state, vars });
  } catch (error) {
    await outside.close();
    await rm(state, { recursive: true, force: true });
    throw error;
  }
  const base = wrangler.base;
  const stop = async () => {
    await wrangler.stop();
    await outside.close();
    await rm(state, { recursive: true, force: true });
  };

  let deliveries = 0;
  const notify: LocalRun["notify"] = async (fields) => {
    const body = JSON.stringify({
      timestamp: new Date().toISOString(),
      repository: REPOSITORY,
      run_id: 1,
      run_attempt: 1,
      ...fields,
    });
    deliveries += 1;
    const response = await fetch(`${base}${PATHS[fields.event]}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signed(`msg_browser_${Date.now()}_${deliveries}`, body) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const read: LocalRun["read"] = async (path) =>
    (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Record<
      string,
      unknown
    >;
  const runOf = (commit: string, seen: number): FakeRun | undefined =>
    outside.state().runs.find((run) => run.commit_sha === commit && run.id >= seen);
  let stagingRuns = 0;
  const stage: LocalRun["stage"] = async (commit, dispatched = false) => {
    const seen = outside.state().nextRunId;
    stagingRuns += 1;
    const answer = await notify({
      event: "staging_deployment_complete",
      status: "success",
      commit_sha: commit,
      run_id: 500 + stagingRuns,
      run_url: `https://github.com/${REPOSITORY}/actions/runs/${500 + stagingRuns}`,
    });
    if (answer.status !== 202)
      throw new Error(`staging success of ${commit}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (!dispatched) return null;
    const run = await until(`the production run of ${commit}`, () => runOf(commit, seen));
    // internalbf records the run GitHub reported before its start is approved.
    await until(`internalbf to record run ${run.id}`, async () => {
      const record = await read(`/deployments/${commit}`);
      return (record.production as { run_id?: number } | null)?.run_id === run.id ? true : undefined;
    });
    return run;
  };
  const goLive: LocalRun["goLive"] = async (commit) => {
    const run = await stage(commit, true);
    if (run === null) throw new Error("no run");
    const reported = { commit_sha: commit, run_id: run.id, run_url: run.html_url, dispatch_id: run.dispatch_id };
    const started = await notify({ event: "production_deployment_started", ...reported });
    if (started.body.decision !== "approved") throw new Error(`start of ${commit}: ${JSON.stringify(started.body)}`);
    await notify({ event: "production_deployment_complete", status: "success", ...reported });
    return run;
  };
  return {
    base,
    outside,
    notify,
    read,
    command: (method, path, body = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ actor: "ana@example.com", reason: "set up by the test", ...body }),
      }),
    goLive,
    stage,
    dispatches: () =>
      outside
        .state()
        .requests.filter((request) => request.route === "dispatch")
        .map((request) => {
          const { commit_sha, triggered_by } = (JSON.parse(request.body) as { inputs: Record<string, string> }).inputs;
          return { commit_sha: commit_sha ?? "", triggered_by: triggered_by ?? "" };
        }),
    cron: async () => {
      await fetch(`${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    },
    stop,
  };
}
