// The notify-internalbf step's two budgets: its wall time against a local worker (≤ 1 s, the median
// of N runs) and its bundle's size (≤ 600 KiB). One run is `node dist/index.js` started as a runner
// starts it (INPUT_* with action.yml's defaults, GITHUB_* context, output and summary files), a new
// delivery each time (its own run id and commit), signed and answered by the real worker on
// Miniflare; timed from spawn to exit. Bare `node -e 0`, interleaved, is reported beside it for scale.
//
//   node bench/lib/action.mjs [--quick] [--runs N]   (alone: builds the worker, prints the figure as JSON;
//                                                      exits 1 when a budget is missed)
//   run.mjs calls benchAction() with its bundle.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import { shaOf } from "./sign.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NODE = join(ROOT, "node_modules/.bin/node");
const ACTION = join(ROOT, "actions/notify-internalbf");
const BUNDLE = join(ACTION, "dist/index.js");
const WARMUP = 3;
export const WALL_BUDGET_MS = 1000;
export const BUNDLE_BUDGET_BYTES = 600 * 1024;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value) => Number(value.toFixed(1));

/** The environment a runner gives the step for run `i`. */
async function runnerEnvironment(url, secret, dir, i) {
  const { inputs } = parse(await readFile(join(ACTION, "action.yml"), "utf8"));
  const given = { url, secret, event: "staging_deployment_started", "commit-sha": shaOf("bench-action", i) };
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "bolt-foundry/monorepo",
    GITHUB_RUN_ID: String(1_000_000 + i),
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_RUN_NUMBER: String(i + 1),
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_ACTOR: "bench",
    GITHUB_REF: "refs/heads/main",
    GITHUB_SHA: shaOf("bench-action", i),
    GITHUB_OUTPUT: join(dir, `output-${i}`),
    GITHUB_STEP_SUMMARY: join(dir, `summary-${i}`),
  };
  for (const [name, input] of Object.entries(inputs)) {
    const value = given[name] ?? input.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  await writeFile(env.GITHUB_OUTPUT, "");
  await writeFile(env.GITHUB_STEP_SUMMARY, "");
  return env;
}

/** Spawns `args` and resolves with the milliseconds from spawn to exit; rejects on a non-zero exit. */
function timed(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(performance.now() - started);
      else
        reject(
          new Error(
            `node ${args.join(" ")} exited ${code}: ${output.split("\n").find((l) => l.startsWith("::error::")) ?? output.slice(-300)}`,
          ),
        );
    });
  });
}

/** Both figures, with the worker started from `outdir` (the bundle `wrangler deploy --dry-run` makes). */
export async function benchAction({ outdir, vars, quick = false, runs = quick ? 10 : 30, say = () => undefined }) {
  const { startReal } = await import("./runtime.mjs");
  const bundle = await readFile(BUNDLE);
  const worker = await startReal(outdir, vars);
  const dir = await mkdtemp(join(tmpdir(), "bench-action-"));
  try {
    const secret = vars.WEBHOOK_AUTH_TOKEN;
    const wall = [];
    const bare = [];
    say(`action: ${WARMUP} warm-up and ${runs} timed runs of dist/index.js against the worker, node -e 0 between`);
    for (let i = 0; i < WARMUP + runs; i++) {
      const env = await runnerEnvironment(worker.url, secret, dir, i);
      const b = await timed(["-e", "0"], env);
      const a = await timed([BUNDLE], env);
      const decision = /^decision<<(.+)\n(.*)\n/m.exec(await readFile(env.GITHUB_OUTPUT, "utf8"))?.[2];
      if (decision !== "recorded")
        throw new Error(`run ${i}: internalbf decided ${decision ?? "nothing"}, not recorded`);
      if (i >= WARMUP) {
        wall.push(a);
        bare.push(b);
      }
    }
    const figure = {
      node: process.version,
      runs,
      wall_median_ms: round(median(wall)),
      wall_max_ms: round(Math.max(...wall)),
      bare_node_median_ms: round(median(bare)),
      bundle_bytes: bundle.length,
      bundle_gzip_bytes: gzipSync(bundle, { level: 9 }).length,
      budgets: { wall_median_ms: WALL_BUDGET_MS, bundle_bytes: BUNDLE_BUDGET_BYTES },
    };
    return {
      ...figure,
      pass: { wall: figure.wall_median_ms <= WALL_BUDGET_MS, bundle: figure.bundle_bytes <= BUNDLE_BUDGET_BYTES },
    };
  } finally {
    await worker.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildWorker } = await import("./runtime.mjs");
  const argv = process.argv.slice(2);
  const runsFlag = argv.indexOf("--runs");
  const say = (message) => process.stderr.write(`[action] ${message}\n`);
  const built = await buildWorker();
  try {
    const figure = await benchAction({
      outdir: built.outdir,
      // Nothing off this machine: no GitHub token (the step's event never dispatches), no alert receivers.
      vars: {
        WEBHOOK_AUTH_TOKEN: "whsec_YmVuY2htYXJrLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzIQ==",
        ADMIN_TOKEN: "bench-action-admin-token",
        GITHUB_API_URL: "http://127.0.0.1:9",
        NOTIFICATION_ENDPOINTS: "",
      },
      quick: argv.includes("--quick"),
      ...(runsFlag >= 0 ? { runs: Math.max(1, Number(argv[runsFlag + 1])) } : {}),
      say,
    });
    console.log(JSON.stringify(figure, null, 2));
    if (!figure.pass.wall || !figure.pass.bundle) process.exitCode = 1;
  } finally {
    await built.remove();
  }
}
