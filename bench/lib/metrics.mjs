// GET /metrics?days=30 as history grows: the real worker bundle on Miniflare, its Pipeline's SQLite
// seeded from the bench side (node:sqlite writes the Durable Object's file while the worker is
// stopped: the product has no seeding route), with 100 deployments (all in the last 30 days) and
// with 100,000 (the same 100, and 99,900 before them over the three years before). The window holds
// the same deployments in both, so what differs is only the history it must not read: the target
// is small/big ≤ 1.5 in requests/s.
//
//   node bench/lib/metrics.mjs [--quick]   (alone: builds the worker, prints the figure as JSON)
//   run.mjs calls benchMetrics() with its bundle.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { shaOf } from "./sign.mjs";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NODE = join(ROOT, "node_modules/.bin/node");
const CONFIG = join(ROOT, "wrangler.toml");
const ADMIN = "bench-metrics-admin-token";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WINDOW_DEPLOYMENTS = 100;
const HISTORY_YEARS = 3;
const PATH = "/metrics?days=30";

/** The real worker from its bundle, its storage kept in `persist` (so a restart finds the seed). */
async function startPersisted(outdir, vars, persist) {
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(CONFIG).workerOptions;
  const bindings = {};
  for (const [name, value] of [...Object.entries(workerOptions.bindings ?? {}), ...Object.entries(vars)]) {
    if (typeof value === "string") bindings[name] = value;
  }
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      verbose: false,
      handleStructuredLogs: () => undefined,
      resourcePersistencePath: persist,
      workers: [
        {
          ...workerOptions,
          name: "internalbf",
          modules: true,
          modulesRoot: outdir,
          scriptPath: join(outdir, "index.js"),
          bindings,
        },
      ],
    }),
  );
  const url = (await miniflare.ready).href.replace(/\/+$/, "");
  return { url, stop: () => miniflare.dispose() };
}

async function getMetrics(url) {
  const response = await fetch(`${url}${PATH}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (response.status !== 200) throw new Error(`GET ${PATH} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The Pipeline Durable Object's SQLite file under `persist` (the worker has created it). */
async function pipelineFile(persist) {
  const dir = join(persist, "do", "internalbf-Pipeline");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one Pipeline database in ${dir}, found ${files.join(", ")}`);
  return join(dir, files[0]);
}

/**
 * Writes `count` deployments as the policy records them (rows and audit events, ids in time
 * order), the last WINDOW_DEPLOYMENTS spread over the 30 days before `now`, the others over the
 * HISTORY_YEARS before that. One in 20 fails in production, one in 20 is rolled back from, one in
 * 50 is an operator's emergency deploy, one in 10 is preceded by a commit whose staging failed.
 */
function seed(file, count, now) {
  const db = new DatabaseSync(file);
  const insertRow = db.prepare(
    `INSERT INTO deployments (sha, environment, status, created_at, updated_at, moved_at, committed_at, phases)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha, environment) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
       phases = coalesce(excluded.phases, deployments.phases)`,
  );
  const insertEvent = db.prepare(
    "INSERT INTO events (sha, environment, kind, actor, via, reason, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const row = (at, sha, environment, status, committedAt = null, phases = null) =>
    insertRow.run(sha, environment, status, at, at, at, committedAt, phases);
  const event = (at, sha, kind, detail = {}, actor = "github", via = null, reason = null) =>
    insertEvent.run(
      sha,
      sha === null ? null : kind.startsWith("staging") ? "staging" : "production",
      kind,
      actor,
      via,
      reason,
      JSON.stringify(detail),
      at,
    );
  const older = count - WINDOW_DEPLOYMENTS;
  const windowStart = now - 30 * DAY;
  const span = HISTORY_YEARS * 365 * DAY;
  db.exec("BEGIN");
  let previous = null;
  for (let i = 0; i < count; i++) {
    // The window's deployments are numbered alike in both seeds, so the window holds the same ones.
    const inWindow = i >= older;
    const k = inWindow ? i - older : i;
    const at = inWindow
      ? windowStart + (k + 0.5) * ((30 * DAY) / WINDOW_DEPLOYMENTS)
      : windowStart - span + (k + 0.5) * (span / Math.max(1, older));
    const sha = shaOf(inWindow ? "window" : "older", k);
    if (k % 10 === 3) {
      const broken = shaOf(inWindow ? "window-broken" : "older-broken", k);
      row(at - 60 * MINUTE, broken, "staging", "started", at - 80 * MINUTE);
      event(at - 60 * MINUTE, broken, "staging_started");
      row(at - 50 * MINUTE, broken, "staging", "failure");
      event(at - 50 * MINUTE, broken, "staging_failure");
      event(at - 50 * MINUTE, broken, "alert_raised", { alert: "staging_failure" }, "internalbf");
    }
    const emergency = k % 50 === 25;
    row(at - 15 * MINUTE, sha, "staging", "started", k % 5 === 0 ? null : at - 40 * MINUTE);
    event(at - 15 * MINUTE, sha, "staging_started");
    row(at - 8 * MINUTE, sha, "staging", "success");
    event(at - 8 * MINUTE, sha, "staging_success");
    if (emergency) event(at - 7 * MINUTE, sha, "emergency_requested", {}, "ana@example.com", "token", "hotfix");
    else event(at - 7 * MINUTE, sha, "promotion_ordering", { live: previous });
    row(at - 7 * MINUTE, sha, "production", "ordering");
    event(at - 6 * MINUTE, sha, "ordered", { live: previous, relation: "ahead" });
    row(at - 6 * MINUTE, sha, "production", "dispatching");
    event(at - 6 * MINUTE, sha, "promotion_dispatch_queued", {
      triggered_by: emergency ? "internalbf-emergency" : "internalbf-staging-success",
    });
    event(at - 5 * MINUTE, sha, "dispatch_accepted", { run_id: i + 1 });
    event(at - 4 * MINUTE, sha, "production_start_approved", { run_id: i + 1 });
    if (k % 20 === 7) {
      row(at, sha, "production", "failed");
      event(at, sha, "production_failure", { run_id: i + 1 });
      event(at, null, "hold_set", { reason: "production failed" }, "internalbf");
      event(at + 10 * MINUTE, null, "hold_released", {}, "ana@example.com", "token", "fix coming");
      continue;
    }
    const budget = 600 + ((k * 37) % 600);
    row(at, sha, "production", "live", null, JSON.stringify({ total_s: budget, review_s: 0, budget_s: budget }));
    event(at, sha, "production_live", { run_id: i + 1 });
    if (k % 20 === 13 && previous !== null) {
      event(at + 20 * MINUTE, previous, "rollback_requested", { from: sha }, "ana@example.com", "token", "broke it");
      event(at + 21 * MINUTE, previous, "promotion_dispatch_queued", { triggered_by: "internalbf-rollback" });
      row(at + 26 * MINUTE, previous, "production", "live");
      event(at + 26 * MINUTE, previous, "production_live", { run_id: i + 1_000_000 });
      continue;
    }
    previous = sha;
  }
  db.exec("COMMIT");
  const events = db.prepare("SELECT count(*) AS n FROM events").get().n;
  db.close();
  return events;
}

/** One autocannon run of GET /metrics?days=30 in its own process (bench/lib/load.mjs). */
async function load(url, { duration, warmup, connections }) {
  const spec = {
    url,
    kind: "get",
    path: PATH,
    headers: { authorization: `Bearer ${ADMIN}` },
    duration,
    warmup,
    connections,
  };
  const { stdout } = await run(NODE, [join(ROOT, "bench/lib/load.mjs"), JSON.stringify(spec)], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: (duration + warmup + 30) * 1000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

/** A worker seeded with `count` deployments: started, seeded while stopped, started again. */
async function seededWorker(outdir, vars, count, now, say) {
  const persist = await mkdtemp(join(tmpdir(), `internalbf-bench-metrics-${count}-`));
  const first = await startPersisted(outdir, vars, persist);
  await getMetrics(first.url); // the Pipeline comes to life: its schema is migrated
  await first.stop();
  const t0 = performance.now();
  const events = seed(await pipelineFile(persist), count, now);
  say(`metrics: seeded ${count} deployments (${events} events) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const worker = await startPersisted(outdir, vars, persist);
  return {
    ...worker,
    events,
    stop: async () => {
      await worker.stop();
      await rm(persist, { recursive: true, force: true });
    },
  };
}

/** The figures of a body, without the window's times (which move with the clock). */
const figuresOf = ({ window: _window, ...figures }) => JSON.stringify(figures);

/**
 * Measures GET /metrics?days=30 at 100 and at 100,000 deployments: both workers up at once, loaded
 * in turns (small, big, small, big, …) so the machine's drift weighs on both; the median of each.
 */
export async function benchMetrics({ outdir, vars = {}, quick = false, say = () => undefined }) {
  // The quick run keeps its bound with 10,000 (seeding 100,000 takes about 25 s alone).
  const P = quick
    ? { rounds: 1, duration: 2, warmup: 1, connections: 16, big: 10_000 }
    : { rounds: 3, duration: 8, warmup: 2, connections: 16, big: 100_000 };
  const now = Date.now();
  const all = { ...vars, ADMIN_TOKEN: ADMIN };
  const small = await seededWorker(outdir, all, WINDOW_DEPLOYMENTS, now, say);
  const big = await seededWorker(outdir, all, P.big, now, say);
  const notes = [];
  try {
    const [smallBody, bigBody] = [await getMetrics(small.url), await getMetrics(big.url)];
    const same = figuresOf(smallBody) === figuresOf(bigBody);
    if (!same) notes.push(`metrics: the 100- and ${P.big}-deployment seeds gave different figures for the same window`);
    const samples = { small: [], big: [] };
    for (let i = 0; i < P.rounds; i++) {
      say(`metrics: round ${i + 1} of ${P.rounds}: GET ${PATH} at 100, then at ${P.big} deployments`);
      samples.small.push(await load(small.url, P));
      samples.big.push(await load(big.url, P));
    }
    const median = (loads) => [...loads].sort((a, b) => a.rps - b.rps)[Math.floor(loads.length / 2)];
    const [s, b] = [median(samples.small), median(samples.big)];
    const ratio = Number((s.rps / b.rps).toFixed(3));
    return {
      path: `GET ${PATH}`,
      small: { deployments: WINDOW_DEPLOYMENTS, events: small.events, ...s },
      big: { deployments: P.big, events: big.events, ...b },
      window_deployments: smallBody.change_fail_rate.count,
      same_figures: same,
      small_vs_big_rps: ratio,
      big_vs_small_p50: s.latency_ms.p50 === 0 ? null : Number((b.latency_ms.p50 / s.latency_ms.p50).toFixed(3)),
      rounds: { small: samples.small.map((r) => r.rps), big: samples.big.map((r) => r.rps) },
      target: "small/big ≤ 1.5 (requests/s), the same figures from both",
      pass: ratio <= 1.5 && same,
      notes,
    };
  } finally {
    await Promise.all([small.stop(), big.stop()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildWorker } = await import("./runtime.mjs");
  const say = (message) => process.stderr.write(`[metrics] ${message}\n`);
  const bundle = await buildWorker();
  try {
    const figure = await benchMetrics({ outdir: bundle.outdir, quick: process.argv.includes("--quick"), say });
    console.log(JSON.stringify(figure, null, 2));
  } finally {
    await bundle.remove();
  }
}
