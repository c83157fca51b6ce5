// The README's loop under `wrangler dev`, offline: every var and secret given as --var, GitHub and
// an alert endpoint faked on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startWranglerDev, type WranglerDev } from "../../local/wrangler.ts";
import { EVENT_PATHS, importSecret, type Notification, signatureHeaders } from "../../worker/protocol/index.ts";
import { type FakeOutside, startFakeOutside } from "../fakes/outside.ts";

const SECRET = "whsec_ZGV2LWxvb3AtdGVzdC1zZWNyZXQtMzJieXRlcyE=";
const ADMIN = "dev-loop-admin";
const sha = (n: number) => n.toString(16).padStart(8, "0").repeat(5);

let outside: FakeOutside;
let wrangler: WranglerDev;
let state: string;
let base: string;

beforeAll(async () => {
  outside = await startFakeOutside();
  state = await mkdtemp(join(tmpdir(), "internalbf-dev-"));
  wrangler = await startWranglerDev({
    port: await freePort(),
    persistTo: state,
    vars: {
      GITHUB_API_URL: outside.url,
      GITHUB_TOKEN: "dev-loop-github-token",
      WEBHOOK_AUTH_TOKEN: SECRET,
      ADMIN_TOKEN: ADMIN,
      NOTIFICATION_ENDPOINTS: `${outside.url}/hooks/alerts`,
    },
  });
  base = wrangler.base;
}, 90_000);

afterAll(async () => {
  await wrangler?.stop();
  await outside?.close();
  if (state !== undefined) await rm(state, { recursive: true, force: true });
});

async function notify(fields: Partial<Notification> & Pick<Notification, "event" | "commit_sha">) {
  const body = new TextEncoder().encode(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      repository: "bolt-foundry/monorepo",
      run_id: 1,
      run_attempt: 1,
      ...fields,
    }),
  );
  const headers = await signatureHeaders(
    [await importSecret(SECRET)],
    `msg_dev_${fields.event}_${fields.commit_sha}_${fields.status ?? ""}`,
    Math.floor(Date.now() / 1000),
    body,
  );
  const response = await fetch(`${base}${EVENT_PATHS[fields.event]}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { decision: string } };
}

const read = async (path: string) =>
  (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Record<
    string,
    unknown
  >;

async function until<T>(probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((done) => setTimeout(done, 5));
  }
}

it("a signed staging success dispatches production once, within a second", async () => {
  const sent = Date.now();
  const answer = await notify({ event: "staging_deployment_complete", status: "success", commit_sha: sha(1) });
  expect(answer).toEqual({ status: 202, body: expect.objectContaining({ decision: "production_dispatch_queued" }) });
  const dispatch = await until(() => outside.state().requests.find((request) => request.route === "dispatch"), 5_000);
  expect(dispatch.at - sent).toBeLessThan(1_000);
  await new Promise((done) => setTimeout(done, 300));
  expect(outside.state().requests.filter((request) => request.route === "dispatch")).toHaveLength(1);
  expect(JSON.parse(dispatch.body)).toMatchObject({
    inputs: { commit_sha: sha(1), triggered_by: "internalbf-staging-success" },
  });
});

it("a staging failure alerts", async () => {
  const answer = await notify({
    event: "staging_deployment_complete",
    status: "failure",
    commit_sha: sha(2),
    details: "E2E failed",
  });
  expect(answer.body.decision).toBe("alerted");
  const alert = await until(() => outside.state().requests.find((request) => request.route === "alert"), 5_000);
  expect(JSON.parse(alert.body)).toMatchObject({ alert: "staging_failure", sha: sha(2), details: "E2E failed" });
});

it("a production success shows the commit live, and its record shows the audit trail", async () => {
  const run = outside.state().runs.find((candidate) => candidate.display_title.includes(sha(1)));
  expect(run).toBeDefined();
  const run_id = run?.id ?? 0;
  expect((await notify({ event: "production_deployment_started", commit_sha: sha(1), run_id })).body.decision).toBe(
    "approved",
  );
  await notify({ event: "production_deployment_complete", status: "success", commit_sha: sha(1), run_id });
  expect(await read("/pipeline")).toMatchObject({ live: sha(1), in_flight: null });
  const record = await read(`/deployments/${sha(1)}`);
  expect(record.production).toMatchObject({ status: "live", run_id, run_url: run?.html_url });
  expect((record.events as { kind: string }[]).map((event) => event.kind)).toEqual([
    "staging_success",
    "promotion_dispatch_queued",
    "dispatch_accepted",
    "production_start_approved",
    "production_live",
  ]);
});

it("the cron (/cdn-cgi/local/scheduled) reconciles a dispatched run GitHub cancelled: the slot frees", async () => {
  outside.state().history = [sha(1), sha(3)]; // #3 is ahead of the live #1
  const answer = await notify({ event: "staging_deployment_complete", status: "success", commit_sha: sha(3) });
  expect(answer.body.decision).toBe("production_dispatch_queued"); // ordering against #1, then dispatched
  const run = await until(
    () => outside.state().runs.find((candidate) => candidate.display_title.includes(sha(3))),
    5_000,
  );
  run.status = "completed";
  run.conclusion = "cancelled";
  const cron = await fetch(`${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  expect(cron.status).toBe(200);
  await until(() => (outside.state().requests.some((request) => request.route === "run") ? true : undefined), 5_000);
  const deadline = Date.now() + 5_000;
  let production: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    production = (await read(`/deployments/${sha(3)}`)).production as Record<string, unknown>;
    if (production.status === "dispatch_failed") break;
    await new Promise((done) => setTimeout(done, 50));
  }
  expect(production).toMatchObject({ status: "dispatch_failed", run_id: run.id });
  expect(await read("/pipeline")).toMatchObject({ live: sha(1), in_flight: null });
});
