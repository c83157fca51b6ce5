// internalbf's benchmarks: `npm run bench` (full, feeds BENCHMARKS.md) or `npm run bench -- --quick`
// (about 2 minutes). Runs the real worker bundle on Miniflare (workerd), loads it from a separate process
// (bench/lib/load.mjs, autocannon), anchors every throughput on a bare worker measured in the same run
// on the same runtime, and writes bench/results.json: { machine, date, mode, figures, ratios, targets, pass }.
//
//   node bench/run.mjs [--quick] [--md <file>]   (--md also writes the results as a markdown table)
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import {
  ANCHORS,
  buildVariant,
  buildWorker,
  loadProjectTs,
  NODE,
  ROOT,
  startAnchor,
  startReal,
  writeJson,
} from "./lib/runtime.mjs";
import { keyOf, shaOf, signedRequest } from "./lib/sign.mjs";

const run = promisify(execFile);
const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const mdFlag = argv.indexOf("--md");
const MD_FILE = mdFlag >= 0 ? argv[mdFlag + 1] : null;

const P = QUICK
  ? {
      connections: 64,
      rounds: 1,
      warmup: 0.25,
      firstWarmup: 0.25,
      duration: 1,
      readWarmup: 0.25,
      promotions: 50,
      readsSmall: 100,
      readsBig: 1_000,
      readDuration: 1,
      seedConnections: 64,
      drainWaitS: 15,
      actionRuns: 10,
      boundS: 240,
    }
  : {
      connections: 64,
      rounds: 5,
      warmup: 1,
      firstWarmup: 4,
      duration: 6,
      promotions: 100,
      readsSmall: 100,
      readsBig: 100_000,
      readWarmup: 2,
      readDuration: 10,
      seedConnections: 64,
      drainWaitS: 900,
      actionRuns: 30,
      boundS: 40 * 60,
    };

const SECRET = "whsec_YmVuY2gtaW50YWtlLXNpZ25pbmctc2VjcmV0LTMyYnl0ZXMh";
const ADMIN = "bench-admin-token";
const AUTH = { authorization: `Bearer ${ADMIN}` };
const KEY = keyOf(SECRET);
const began = performance.now();
const now = () => performance.timeOrigin + performance.now();
const since = () => ((performance.now() - began) / 1000).toFixed(1);
const say = (message) => process.stderr.write(`[bench ${since()}s] ${message}\n`);

// The run stops by itself: every load is bounded by duration or amount, every wait by a deadline,
// and the whole run by this watchdog.
const watchdog = setTimeout(() => {
  say(`the run passed its bound of ${P.boundS} s: stopping`);
  process.exit(2);
}, P.boundS * 1000);
watchdog.unref();

/** One autocannon run in its own process. */
async function load(spec) {
  const { stdout } = await run(NODE, [join(ROOT, "bench/lib/load.mjs"), JSON.stringify(spec)], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: ((spec.duration ?? 0) + (spec.warmup ?? 0) + 30) * 1000 + (spec.amount ?? 0) * 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

async function getJson(url, headers = AUTH) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

async function post(url, request) {
  const response = await fetch(`${url}${request.path}`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: await response.json() };
}

async function until(what, check, deadlineMs, everyMs = 1) {
  const end = performance.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));
const summary = (values) => ({
  n: values.length,
  p50: round(percentile(values, 50)),
  p90: round(percentile(values, 90)),
  p99: round(percentile(values, 99)),
  max: round(Math.max(...values)),
});

async function version(command, args) {
  try {
    const { stdout } = await run(command, args);
    return stdout.trim().split("\n")[0];
  } catch {
    return null;
  }
}

async function pkg(name) {
  return JSON.parse(await readFile(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
}

const notes = [];

// --- setup ----------------------------------------------------------------------------------------

const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model ?? "unknown",
  memory_gib: round(totalmem() / 2 ** 30, 1),
  node: process.version,
  workerd: await version(join(ROOT, "node_modules/.bin/workerd"), ["--version"]),
  miniflare: await pkg("miniflare"),
  wrangler: await pkg("wrangler"),
  autocannon: await pkg("autocannon"),
  // Other work on the machine skews every figure: the 1-minute load average at start and at end.
  loadavg_1m_start: round(loadavg()[0]),
};
if (machine.loadavg_1m_start > 0.5) {
  notes.push(
    `the machine was busy when the run began (1-minute load average ${machine.loadavg_1m_start} on ${machine.cpus} cores)`,
  );
}
const project = await loadProjectTs();
const fake = await project.startFakeOutside();
const PATHS = project.EVENT_PATHS;

// The node:crypto signer the load uses must agree with the wire contract's own signer.
{
  const probe = signedRequest(
    KEY,
    "staging_deployment_started",
    PATHS.staging_deployment_started,
    "probe",
    shaOf("p", 0),
  );
  const contract = await project.signatureHeaders(
    [await project.importSecret(SECRET)],
    "probe",
    Number(probe.headers["webhook-timestamp"]),
    new TextEncoder().encode(probe.body),
  );
  if (contract["webhook-signature"] !== probe.headers["webhook-signature"]) {
    throw new Error("bench/lib/sign.mjs does not sign like worker/protocol");
  }
}

say(`${QUICK ? "quick" : "full"} run on ${machine.cpus} × ${machine.model}; building the worker`);
const bundle = await buildWorker();
const actionBundle = await readFile(join(ROOT, "actions/notify-internalbf/dist/index.js")).catch(() => null);
const vars = (githubUrl) => ({
  WEBHOOK_AUTH_TOKEN: SECRET,
  GITHUB_TOKEN: "bench-github-token",
  GITHUB_API_URL: githubUrl,
  ADMIN_TOKEN: ADMIN,
  NOTIFICATION_ENDPOINTS: "",
});

const figures = {};

// --- throughput: bare anchor, forged rejection, valid intake, ceilings -----------------------------

const same = { connections: P.connections, duration: P.duration, warmup: P.warmup };
/** A load's settings in round `i`: the first round warms each instance longer (the JIT's tiers). */
const sameIn = (i) => ({ ...same, warmup: i === 0 ? P.firstWarmup : P.warmup });
const intakeSpec = (url, label, i = null) => ({
  ...sameIn(i),
  url,
  kind: "intake",
  path: PATHS.staging_deployment_started,
  event: "staging_deployment_started",
  secret: SECRET,
  label,
  presign: 2_500 * P.duration,
});

// This machine's throughput drifts by ±20 % from one minute to the next (a shared VM), so one
// sample per figure would set a fast minute against a slow one. Every throughput figure is measured
// once in each of P.rounds rounds; in a round the bare anchor runs before the first figure and after
// each, and a figure's ratio is its throughput over the mean of the two bare loads around it, so a
// drift during the round weighs on both sides of the ratio. The median round is reported (every
// round's numbers are kept in results.json).

/** Waits (bounded) until the worker's KV mirror has caught up; how far behind it was, and how long it took. */
async function mirrorCatchUp(url, noWait = false) {
  const behind = async () => (await getJson(`${url}/pipeline`)).body.mirror_behind ?? 0;
  const t0 = performance.now();
  const events = await behind();
  if (noWait) return { events_behind: events, caught_up_s: null };
  let left = events;
  try {
    await until(
      "the KV mirror",
      async () => {
        left = await behind();
        return left === 0;
      },
      P.drainWaitS * 1000,
      100,
    );
  } catch {
    notes.push(`the KV mirror was still ${left} events behind ${P.drainWaitS} s after an intake load`);
  }
  return { events_behind: events, caught_up_s: left === 0 ? round((performance.now() - t0) / 1000, 1) : null };
}
/** Flushes the page cache, so the disk writes of one load (SQLite, KV blobs) are not paid during the next. */
const settle = () => run("sync", []);

/**
 * Rounds of loads, the bare anchor around each (see above). `loads` maps a figure to the function
 * that runs its load in round i; with `lastBare` false the round ends with its last figure, whose
 * ratio then takes the bare load before it alone (a quick run does not wait for the KV mirror after
 * valid intake, and a bare load would share the machine with the mirror catching up). Returns, per
 * figure, the median round's load with the per-round ratios to bare (median, min, max), every bare
 * load, and every round's numbers.
 */
async function rounds(bareLoad, loads, { lastBare = true } = {}) {
  const names = Object.keys(loads);
  const samples = [];
  for (let i = 0; i < P.rounds; i++) {
    say(`round ${i + 1} of ${P.rounds}: ${names.map((name) => `bare, ${name}`).join(", ")}${lastBare ? ", bare" : ""}`);
    const sample = { bares: [await bareLoad(i)] };
    for (const name of names) {
      sample[name] = await loads[name](i);
      if (lastBare || name !== names.at(-1)) sample.bares.push(await bareLoad(null));
    }
    samples.push(sample);
    await settle();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  /** The figure's throughput over the mean of the bare loads just before and just after it. */
  const ratioIn = (sample, name) => {
    const at = names.indexOf(name);
    const after = sample.bares[at + 1] ?? sample.bares[at];
    return sample[name].rps / ((sample.bares[at].rps + after.rps) / 2);
  };
  const out = { samples: [], figures: {} };
  for (const name of names) {
    const ratiosOf = samples.map((sample) => ratioIn(sample, name));
    const middle = median(ratiosOf);
    out.figures[name] = {
      ...samples[ratiosOf.indexOf(middle)][name],
      ratio_to_bare: {
        median: round(middle, 3),
        min: round(Math.min(...ratiosOf), 3),
        max: round(Math.max(...ratiosOf), 3),
      },
    };
  }
  out.bares = samples.flatMap((sample) => sample.bares);
  const summary = (r) => ({
    rps: r.rps,
    p50: r.latency_ms.p50,
    p99: r.latency_ms.p99,
    statuses: r.statuses,
    mirror: r.mirror,
    probe: r.probe,
  });
  out.samples = samples.map((sample) => ({
    bares: sample.bares.map((r) => r.rps),
    ...Object.fromEntries(
      names.map((name) => [name, { ...summary(sample[name]), ratio: round(ratioIn(sample, name), 3) }]),
    ),
  }));
  return out;
}

{
  const bare = await startAnchor("bare", SECRET);
  const worker = await startReal(bundle.outdir, vars(fake.url));
  const anchors = {
    floor: await startAnchor("verify_401", SECRET),
    bare_read: await startAnchor("bare_read", SECRET),
    ceiling: await startAnchor("ceiling", SECRET),
    ceiling_verify: await startAnchor("ceiling_verify", SECRET),
  };
  /** A bare load; the round's first gets the round (it warms up as that round's loads do), the rest null. */
  const bareLoad = (i) => load({ ...sameIn(i), url: bare.url, kind: "get", path: "/" });
  const forgedLoad = (url, i) =>
    load({
      ...sameIn(i),
      url,
      kind: "forged",
      path: PATHS.staging_deployment_started,
      event: "staging_deployment_started",
    });
  await settle();

  // Phase 1, no Durable Object work anywhere: forged signatures on the real worker, the floor, and
  // a bare worker that reads the same forged POST (what the runtime alone spends on such a request).
  const rejecting = await rounds(bareLoad, {
    forged: (i) => forgedLoad(worker.url, i),
    floor: (i) => forgedLoad(anchors.floor.url, i),
    bare_read: (i) => forgedLoad(anchors.bare_read.url, i),
  });
  // A forged request must never reach the Durable Object: nothing at all was recorded.
  const recorded = await getJson(`${worker.url}/deployments?limit=1`);
  const forgedRecord = await getJson(`${worker.url}/deployments/${shaOf("forged", 0)}`);
  const pipeline = await getJson(`${worker.url}/pipeline`);

  // Phase 2: the ceilings, then valid intake; the KV mirror yields to the intake burst and catches up
  // after it: the round waits for that, so the deferred work is measured and never runs during
  // another load (a quick run has one round and stops the instance instead, with no bare load after).
  const recording = await rounds(
    bareLoad,
    {
      ceiling: (i) => load(intakeSpec(anchors.ceiling.url, `ceiling-${i}`, i)),
      ceiling_verify: (i) => load(intakeSpec(anchors.ceiling_verify.url, `ceiling_verify-${i}`, i)),
      valid: async (i) => {
        const valid = await load(intakeSpec(worker.url, `valid-${i}`, i));
        return { ...valid, mirror: await mirrorCatchUp(worker.url, QUICK) };
      },
    },
    { lastBare: !QUICK },
  );
  await Promise.all([bare.stop(), worker.stop(), ...Object.values(anchors).map((anchor) => anchor.stop())]);

  const bares = [...rejecting.bares, ...recording.bares].sort((a, b) => a.rps - b.rps);
  figures.bare = { ...bares[Math.floor(bares.length / 2)], samples: bares.length };
  Object.assign(figures, rejecting.figures, recording.figures);
  figures.rounds = { rejecting: rejecting.samples, recording: recording.samples };
  // Every answer 401, and refused for its signature (a probe with the run's request at its end).
  figures.forged.all_401 = rejecting.samples.every(
    (sample) =>
      Object.keys(sample.forged.statuses).every((code) => code === "401") &&
      sample.forged.probe === "invalid_signature",
  );
  figures.forged.state_untouched =
    recorded.status === 200 &&
    recorded.body.deployments.length === 0 &&
    forgedRecord.status === 404 &&
    Object.keys(pipeline.body.outbox ?? {}).length === 0;
  figures.valid.all_202 = recording.samples.every((sample) =>
    Object.keys(sample.valid.statuses).every((code) => code === "202"),
  );
}

// Diagnostics (full run, or --diagnose): what the forged and valid paths spend their time on.
if (!QUICK || argv.includes("--diagnose")) {
  const forgedSpec = (url) => ({
    ...same,
    url,
    kind: "forged",
    path: PATHS.staging_deployment_started,
    event: "staging_deployment_started",
  });
  const noLog = await buildVariant(["log"]);
  const quiet = await startReal(noLog.outdir, vars(fake.url));
  say("diagnostic: the real worker with its log lines compiled out (esbuild, bench-only)");
  await settle();
  figures.diag_nolog_forged = await load(forgedSpec(quiet.url));
  await settle();
  figures.diag_nolog_valid = await load(intakeSpec(quiet.url, "nolog"));
  await quiet.stop();
  await noLog.remove();
  const noMirror = await buildVariant(["mirror"]);
  const unmirrored = await startReal(noMirror.outdir, vars(fake.url));
  say("diagnostic: the real worker with the KV mirror write stubbed out (esbuild, bench-only)");
  await settle();
  figures.diag_nomirror_valid = await load(intakeSpec(unmirrored.url, "nomirror"));
  await unmirrored.stop();
  await noMirror.remove();
}
const bareRps = figures.bare.rps;

/** Finds each next dispatch request of a commit at the GitHub stand-in, in order. */
function dispatchWatch() {
  let seen = 0;
  return {
    next: (sha) =>
      until(
        `the dispatch of ${sha}`,
        () => {
          const requests = fake.state().requests;
          for (let k = seen; k < requests.length; k++) {
            const request = requests[k];
            if (request.route === "dispatch" && request.body.includes(sha)) {
              seen = k + 1;
              return request;
            }
          }
          return null;
        },
        10_000,
        0,
      ),
  };
}

/** `sha`'s production run reports its start and success as deploy-production.yml does (once internalbf recorded it). */
async function productionSucceeds(worker, sha, label) {
  const run = fake.state().runs.find((candidate) => candidate.commit_sha === sha);
  await until(
    `internalbf to record run ${run?.id}`,
    async () => (await getJson(`${worker.url}/pipeline`)).body.in_flight?.run_id === run?.id,
    5_000,
    2,
  );
  for (const [event, extra] of [
    ["production_deployment_started", { run_id: run?.id, dispatch_id: run?.dispatch_id }],
    ["production_deployment_complete", { run_id: run?.id, dispatch_id: run?.dispatch_id, status: "success" }],
  ]) {
    const report = await post(worker.url, signedRequest(KEY, event, PATHS[event], `${label}-${event}`, sha, extra));
    if (report.status !== 202) throw new Error(`${event} answered ${report.status}: ${JSON.stringify(report.body)}`);
  }
}

// --- promotion latency: staging success accepted → dispatch received by the GitHub stand-in -------

{
  const n = P.promotions;
  const commits = Array.from({ length: n }, (_, i) => shaOf(`promotion-${Date.now()}`, i));
  await fetch(`${fake.url}/__fake/reset`, { method: "POST" });
  await fetch(`${fake.url}/__fake/history`, { method: "POST", body: JSON.stringify({ history: commits }) });
  const worker = await startReal(bundle.outdir, vars(fake.url));
  say(`promotion latency over ${n} commits (the first dispatches at once, the rest compare → dispatch)`);
  const fromAnswer = [];
  const fromSend = [];
  const decisions = {};
  const dispatches = dispatchWatch();
  for (const [i, sha] of commits.entries()) {
    const success = signedRequest(
      KEY,
      "staging_deployment_complete",
      PATHS.staging_deployment_complete,
      `promo-${i}-ok`,
      sha,
      {
        status: "success",
      },
    );
    const sent = now();
    const answer = await post(worker.url, success);
    const answered = now();
    if (answer.status !== 202)
      throw new Error(`staging success answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    decisions[answer.body.decision] = (decisions[answer.body.decision] ?? 0) + 1;
    const dispatch = await dispatches.next(sha);
    fromAnswer.push(dispatch.at - answered);
    fromSend.push(dispatch.at - sent);
    // The production run reports back, so the next success is promoted (not queued).
    await productionSucceeds(worker, sha, `promo-${i}`);
  }
  const live = (await getJson(`${worker.url}/pipeline`)).body.live;
  await worker.stop();
  figures.promotion = {
    commits: n,
    decisions,
    last_commit_live: live === commits.at(-1),
    first_commit_ms: { from_answer: round(fromAnswer[0]), from_send: round(fromSend[0]) },
    steady_from_answer_ms: summary(fromAnswer.slice(1)),
    steady_from_send_ms: summary(fromSend.slice(1)),
    all_from_answer_ms: summary(fromAnswer),
  };
  if (fromAnswer.some((ms) => ms < 0)) {
    notes.push(
      "promotion: some dispatches reached the stand-in before the 202 reached the client (negative from_answer)",
    );
  }
}

// --- command latency: an operator's promote accepted → dispatch received by the GitHub stand-in ----

{
  const n = P.promotions;
  const commits = Array.from({ length: n }, (_, i) => shaOf(`command-${Date.now()}`, i));
  await fetch(`${fake.url}/__fake/reset`, { method: "POST" });
  await fetch(`${fake.url}/__fake/history`, { method: "POST", body: JSON.stringify({ history: commits }) });
  const worker = await startReal(bundle.outdir, vars(fake.url));
  say(`command latency over ${n} promotes (on hold: each commit waits, then an operator promotes it)`);
  const command = async (method, path, body) => {
    const response = await fetch(`${worker.url}${path}`, {
      method,
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ actor: "bench@example.com", reason: "bench", ...body }),
    });
    return { status: response.status, body: await response.json() };
  };
  const held = await command("POST", "/hold", {});
  if (held.status !== 202) throw new Error(`hold answered ${held.status}: ${JSON.stringify(held.body)}`);
  const fromAnswer = [];
  const dispatches = dispatchWatch();
  for (const [i, sha] of commits.entries()) {
    const success = signedRequest(
      KEY,
      "staging_deployment_complete",
      PATHS.staging_deployment_complete,
      `cmd-${i}-ok`,
      sha,
      {
        status: "success",
      },
    );
    const staged = await post(worker.url, success);
    if (staged.body.decision !== "held_frozen") throw new Error(`staging success of ${sha}: ${staged.body.decision}`);
    const answer = await command("POST", `/deployments/${sha}/promote`, {});
    const answered = now();
    if (answer.status !== 202) throw new Error(`promote answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const dispatch = await dispatches.next(sha);
    fromAnswer.push(dispatch.at - answered);
    await productionSucceeds(worker, sha, `cmd-${i}`);
  }
  await worker.stop();
  figures.command = { commits: n, from_answer_ms: summary(fromAnswer) };
}

// --- reads with a small and a big history ---------------------------------------------------------

async function seededWorker(count) {
  const worker = await startReal(bundle.outdir, vars(fake.url));
  const record = join(tmpdir(), `internalbf-bench-shas-${process.pid}-${count}.txt`);
  const t0 = performance.now();
  const seeded = await load({
    url: worker.url,
    kind: "intake",
    path: PATHS.staging_deployment_started,
    event: "staging_deployment_started",
    secret: SECRET,
    label: `seed-${count}`,
    presign: 0,
    connections: count < P.seedConnections ? 8 : P.seedConnections,
    amount: count,
    record,
  });
  const accepted = (await readFile(record, "utf8")).split("\n").filter(Boolean).length;
  const seedSeconds = (performance.now() - t0) / 1000;
  // The KV mirror writes these commits in the background (it yields to the seeding burst, then
  // drains at 200 events a second): wait for it and the outbox, bounded, so the reads measure reads.
  const d0 = performance.now();
  let backlog = 0;
  try {
    await until(
      "the mirror and outbox backlog",
      async () => {
        const { outbox = {}, mirror_behind: behind = 0 } = (await getJson(`${worker.url}/pipeline`)).body;
        backlog = (outbox.pending ?? 0) + (outbox.in_flight ?? 0) + behind;
        return backlog === 0;
      },
      P.drainWaitS * 1000,
      250,
    );
  } catch {
    notes.push(
      `reads: ${backlog} outbox entries and unmirrored events were left when the ${count}-deployment reads began`,
    );
  }
  return {
    worker,
    record,
    seeding: {
      requested: count,
      accepted,
      seconds: round(seedSeconds, 1),
      rps: round(seeded.rps, 1),
      statuses: seeded.statuses,
      drain_seconds: round((performance.now() - d0) / 1000, 1),
      backlog_at_reads: backlog,
    },
  };
}

/** The read routes the bench loads, by the name its figures use. */
const READ_ROUTES = {
  list: "GET /deployments?limit=50",
  sha: "GET /deployments/{sha}",
  events: "GET /events?limit=50",
};

async function readLoads(worker, record) {
  await settle();
  const base = {
    url: worker.url,
    connections: P.connections,
    duration: P.readDuration,
    warmup: P.readWarmup,
    headers: AUTH,
  };
  const list = await load({ ...base, kind: "get", path: "/deployments?limit=50" });
  const sha = await load({ ...base, kind: "shas", shasFile: record });
  // Each seeded commit left one event (staging_deployment_started): the audit trail is as long.
  const events = await load({ ...base, kind: "get", path: "/events?limit=50" });
  return { list, sha, events };
}

figures.reads = {};
for (const [name, count] of [
  ["small", P.readsSmall],
  ["big", P.readsBig],
]) {
  say(`reads: seeding ${count} deployments through the intake`);
  const { worker, record, seeding } = await seededWorker(count);
  say(`reads: loading GET /deployments?limit=50 and GET /deployments/{sha} with ${seeding.accepted} recorded`);
  figures.reads[name] = { deployments: seeding.accepted, seeding, ...(await readLoads(worker, record)) };
  await worker.stop();
  await rm(record, { force: true });
}
if (P.readsBig < 100_000) notes.push(`quick mode: the big history is ${P.readsBig} deployments, not 100,000`);

// --- GET /metrics?days=30 with 100 vs 100,000 deployments (bench/lib/metrics.mjs) -----------------

{
  const { benchMetrics } = await import("./lib/metrics.mjs");
  say(
    `metrics: GET /metrics?days=30, 100 deployments vs ${QUICK ? "10,000" : "100,000"} over ~3 years (SQLite seeded by the bench)`,
  );
  figures.metrics = await benchMetrics({ outdir: bundle.outdir, vars: vars(fake.url), quick: QUICK, say });
  notes.push(...figures.metrics.notes);
  if (!figures.metrics.pass) notes.push(`metrics: small/big ${figures.metrics.small_vs_big_rps} misses ≤ 1.5`);
}

// --- the dashboard: GET / with a page of 50 rows, server render in workerd (bench/lib/dashboard.mjs) -

{
  const { measureDashboard } = await import("./lib/dashboard.mjs");
  say("dashboard: GET / with 50 commits live through the GitHub stand-in, one moving, one waiting");
  figures.dashboard = await measureDashboard({
    outdir: bundle.outdir,
    vars: vars(fake.url),
    fake,
    secret: SECRET,
    admin: ADMIN,
    ...(QUICK ? { samples: 50, warmup: 10 } : {}),
  });
  if (!figures.dashboard.pass) notes.push(`dashboard: GET / p50 ${figures.dashboard.render_ms.p50} ms misses ≤ 50`);
}

// --- the dashboard in Chromium against wrangler dev (bench/browser/dashboard-load.test.ts) ---------

{
  say("dashboard: loading GET / in headless Chromium against wrangler dev (medians of 10)");
  try {
    const { stdout } = await run(
      NODE,
      [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "bench/vitest.config.ts"],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: "0" },
      },
    );
    const line = stdout.split("\n").find((text) => text.includes("DASHBOARD_LOAD "));
    figures.dashboard_load = line === undefined ? null : JSON.parse(line.slice(line.indexOf("DASHBOARD_LOAD ") + 15));
  } catch (error) {
    figures.dashboard_load = null;
    notes.push(`dashboard load: the browser benchmark failed (${String(error).slice(0, 200)})`);
  }
  const load = figures.dashboard_load;
  if (load !== null && (load.cold_ms > 300 || load.warm_ms > 300)) {
    notes.push(`dashboard load: ${load.cold_ms} / ${load.warm_ms} ms misses ≤ 300`);
  }
}

// --- bundle sizes, the action's step --------------------------------------------------------------

figures.bundle = {
  worker: bundle.sizes,
  action:
    actionBundle === null
      ? null
      : { bytes: actionBundle.length, gzip_bytes: gzipSync(actionBundle, { level: 9 }).length },
};

say("action: the step's wall time against the worker (bench/lib/action.mjs)");
try {
  const { benchAction } = await import("./lib/action.mjs");
  figures.action = await benchAction({ outdir: bundle.outdir, vars: vars(fake.url), runs: P.actionRuns, say });
} catch (error) {
  figures.action = null;
  notes.push(`action wall time not measured: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
}
await bundle.remove();
await fake.close();

// --- ratios, targets, verdicts -------------------------------------------------------------------

const r = (a, b) => (a === null || b === null || b === 0 ? null : round(a / b, 3));
const reads = figures.reads;
const ratios = {
  // Medians of the per-round ratios (see rounds()).
  forged_vs_bare: figures.forged.ratio_to_bare.median,
  valid_vs_bare: figures.valid.ratio_to_bare.median,
  ceiling_vs_bare: figures.ceiling.ratio_to_bare.median,
  ceiling_verify_vs_bare: figures.ceiling_verify.ratio_to_bare.median,
  valid_vs_ceiling: r(figures.valid.ratio_to_bare.median, figures.ceiling.ratio_to_bare.median),
  list_small_vs_big_rps: r(reads.small.list.rps, reads.big.list.rps),
  sha_small_vs_big_rps: r(reads.small.sha.rps, reads.big.sha.rps),
  events_small_vs_big_rps: r(reads.small.events.rps, reads.big.events.rps),
  list_big_vs_small_p50: r(reads.big.list.latency_ms.p50, reads.small.list.latency_ms.p50),
  sha_big_vs_small_p50: r(reads.big.sha.latency_ms.p50, reads.small.sha.latency_ms.p50),
  forged_vs_floor: r(figures.forged.ratio_to_bare.median, figures.floor.ratio_to_bare.median),
  forged_vs_bare_read: r(figures.forged.ratio_to_bare.median, figures.bare_read.ratio_to_bare.median),
  ...(figures.diag_nolog_forged === undefined
    ? {}
    : {
        diag_nolog_forged_vs_bare: r(figures.diag_nolog_forged.rps, bareRps),
        diag_nolog_valid_vs_bare: r(figures.diag_nolog_valid.rps, bareRps),
        diag_nomirror_valid_vs_bare: r(figures.diag_nomirror_valid.rps, bareRps),
      }),
};
const targets = {
  forged_vs_bare: "≥ 0.7, and no forged request reaches the Durable Object",
  valid_vs_bare: "≥ 0.25 (ceiling: forward + one SQLite insert)",
  promotion_p50_ms: "≤ 20 (steady state: compare → dispatch)",
  promotion_p99_ms: "≤ 150",
  command_p50_ms: "≤ 10 (an operator's promote accepted → dispatch: compare → dispatch)",
  command_p99_ms: "≤ 50",
  reads_small_vs_big: "≤ 1.5 (requests/s, 100 vs 100,000 deployments; both endpoints)",
  events_small_vs_big: "≤ 1.5 (requests/s, GET /events, 100 vs 100,000 events)",
  action_wall_median_ms: "≤ 1000 (the step run as a runner runs it, against the worker, median)",
  action_bundle_bytes: "≤ 600 KiB (dist/index.js)",
};
const promo = figures.promotion;
const worstP = (key) => Math.max(promo.steady_from_answer_ms[key] ?? 0, promo.first_commit_ms.from_answer ?? 0);
const pass = {
  forged_vs_bare: ratios.forged_vs_bare >= 0.7 && figures.forged.all_401 && figures.forged.state_untouched,
  valid_vs_bare: ratios.valid_vs_bare >= 0.25 && figures.valid.all_202,
  promotion_p50_ms: promo.steady_from_answer_ms.p50 <= 20,
  promotion_p99_ms: worstP("p99") <= 150,
  command_p50_ms: figures.command.from_answer_ms.p50 <= 10,
  command_p99_ms: figures.command.from_answer_ms.p99 <= 50,
  reads_small_vs_big: ratios.list_small_vs_big_rps <= 1.5 && ratios.sha_small_vs_big_rps <= 1.5,
  events_small_vs_big: ratios.events_small_vs_big_rps <= 1.5,
  action_wall_median_ms: figures.action?.pass.wall === true,
  action_bundle_bytes: figures.bundle.action !== null && figures.bundle.action.bytes <= 600 * 1024,
};

machine.loadavg_1m_end = round(loadavg()[0]);
const results = {
  machine,
  date: new Date().toISOString(),
  mode: QUICK ? "quick" : "full",
  command: QUICK ? "npm run bench -- --quick" : "npm run bench",
  duration_s: round((performance.now() - began) / 1000, 1),
  parameters: { ...P, bare_rps_used: round(bareRps, 1), anchors: Object.keys(ANCHORS) },
  figures,
  ratios,
  targets,
  pass,
  notes,
};
await writeJson(join(ROOT, "bench/results.json"), results);

// --- the table -----------------------------------------------------------------------------------

const lat = (l) => `${l.p50} / ${l.p99}`;
/** A rounded figure's ratio: the median round, and the range over all rounds. */
const ranged = (name) => {
  const { median, min, max } = figures[name].ratio_to_bare;
  return `${median} (${min}–${max})`;
};
/** A load's row: its throughput and latency, then the ratio and target shown beside them. */
const loadRow = (label, figure, ratio, target) => [label, `${figure.rps} req/s`, lat(figure.latency_ms), ratio, target];
/** A rounded figure's row (see rounds()). */
const roundedRow = (label, name, target) => loadRow(label, figures[name], ranged(name), target);
/** A diagnostic variant's row: one load, its ratio to the bare anchor. */
const diagRow = (label, name) => loadRow(label, figures[name], ratios[`${name}_vs_bare`], "(diag.)");
const rows = [
  ["bare worker (anchor)", `${round(bareRps, 0)} req/s`, lat(figures.bare.latency_ms), "1.00", ""],
  roundedRow("forged signature → 401", "forged", "≥ 0.7"),
  roundedRow("floor: body + HMAC + 401 only", "floor", "(ref.)"),
  roundedRow("bare worker reading that POST → 200", "bare_read", "(ref.)"),
  roundedRow("valid intake → 202", "valid", "≥ 0.25"),
  [
    "KV mirror after that load",
    `${figures.valid.mirror.events_behind} events behind`,
    figures.valid.mirror.caught_up_s === null
      ? "(quick: not waited for)"
      : `caught up in ${figures.valid.mirror.caught_up_s} s`,
    "",
    "",
  ],
  roundedRow("ceiling: forward + 1 insert", "ceiling", "(ref.)"),
  roundedRow("ceiling + HMAC verify + JSON", "ceiling_verify", "(ref.)"),
  ...(figures.diag_nolog_forged === undefined
    ? []
    : [
        diagRow("diag: real, no log lines, forged (1 run)", "diag_nolog_forged"),
        diagRow("diag: real, no log lines, valid (1 run)", "diag_nolog_valid"),
        diagRow("diag: real, no KV mirror write, valid (1 run)", "diag_nomirror_valid"),
      ]),
  ["promotion, first commit", `${promo.first_commit_ms.from_answer} ms`, "", "", ""],
  [
    `promotion, steady (n=${promo.steady_from_answer_ms.n})`,
    `p50 ${promo.steady_from_answer_ms.p50} ms`,
    `p99 ${promo.steady_from_answer_ms.p99} ms`,
    "",
    "p50 ≤ 20, p99 ≤ 150",
  ],
  [
    `command (promote), accepted → dispatch (n=${figures.command.from_answer_ms.n})`,
    `p50 ${figures.command.from_answer_ms.p50} ms`,
    `p99 ${figures.command.from_answer_ms.p99} ms`,
    "",
    "p50 ≤ 10, p99 ≤ 50",
  ],
  ...["list", "sha", "events"].flatMap((kind) =>
    ["small", "big"].map((size) =>
      loadRow(
        `${READ_ROUTES[kind]}, ${reads[size].deployments} recorded`,
        reads[size][kind],
        size === "big" ? ratios[`${kind}_small_vs_big_rps`] : "",
        size === "big" ? "small/big ≤ 1.5" : "",
      ),
    ),
  ),
  [
    "action step against the worker, wall",
    figures.action === null
      ? "n/a"
      : `${figures.action.wall_median_ms} ms median (node -e 0: ${figures.action.bare_node_median_ms} ms)`,
    "",
    "",
    "≤ 1000 ms",
  ],
  [
    "worker bundle (index.js)",
    `${(bundle.sizes.index_js_bytes / 1024).toFixed(1)} KiB, gzip ${(bundle.sizes.index_js_gzip_bytes / 1024).toFixed(1)} KiB`,
    `wrangler: ${bundle.sizes.wrangler_total_upload_kib} / gzip ${bundle.sizes.wrangler_gzip_kib} KiB`,
    "",
    "",
  ],
  [
    "action bundle (dist/index.js)",
    figures.bundle.action === null
      ? "n/a"
      : `${(figures.bundle.action.bytes / 1024).toFixed(1)} KiB, gzip ${(figures.bundle.action.gzip_bytes / 1024).toFixed(1)} KiB`,
    "",
    "",
    "≤ 600 KiB",
  ],
];
const header = ["figure", "value", "p50 / p99 ms", "ratio", "target"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));
console.log("");
for (const [name, ok] of Object.entries(pass)) console.log(`${ok ? "PASS" : "MISS"}  ${name}: ${targets[name]}`);
for (const note of notes) console.log(`note: ${note}`);
console.log(`\n${results.mode} run, ${results.duration_s} s; results in bench/results.json`);

if (MD_FILE !== null) {
  const md = [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map((cell) => String(cell).replaceAll("|", "\\|")).join(" | ")} |`),
  ].join("\n");
  await writeFile(MD_FILE, `${md}\n`);
}
