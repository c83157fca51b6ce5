// Cold start of the notify-internalbf bundle: `node dist/index.js` as a runner starts it (INPUT_*
// with action.yml's defaults, GITHUB_* context, output and summary files), signing and POSTing to a
// local receiver that answers 202 with a valid IntakeAnswer, against bare `node -e 0` on the same
// Node (node_modules/.bin/node). Uses hyperfine when installed, else its own interleaved loop.
// Prints one JSON object: medians in milliseconds and their ratio (the budget is ≤ 2).
//
//   node bench/action-cold-start.mjs [--runs 30] [--no-hyperfine]     (npx node ... on a Node 20 system)
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE = join(ROOT, "node_modules/.bin/node");
const ACTION = join(ROOT, "actions/notify-internalbf");
const BUNDLE = join(ACTION, "dist/index.js");
const SECRET = "whsec_YmVuY2htYXJrLXNpZ25pbmctc2VjcmV0LTMyLWJ5dGVzIQ==";

const argv = process.argv.slice(2);
const runsFlag = argv.indexOf("--runs");
const RUNS = Math.max(10, runsFlag >= 0 ? Number(argv[runsFlag + 1]) : 30);
const WARMUP = 3;

/** A receiver that answers every notification like internalbf does. */
async function startReceiver() {
  let count = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      count++;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(202, { "content-type": "application/json" }).end(
        JSON.stringify({
          delivery: req.headers["webhook-id"],
          decision: "recorded",
          deployment: {
            sha: body.commit_sha,
            environment: "staging",
            status: "success",
            updated_at: new Date().toISOString(),
            run_id: body.run_id ?? null,
            run_url: body.run_url ?? null,
            error: null,
          },
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, count: () => count, close: () => server.close() };
}

/** The environment a runner gives the step. */
async function runnerEnvironment(url, dir) {
  const { inputs } = parse(await readFile(join(ACTION, "action.yml"), "utf8"));
  const given = { url, secret: SECRET, event: "staging_deployment_complete", status: "success" };
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "bolt-foundry/monorepo",
    GITHUB_RUN_ID: "1",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_RUN_NUMBER: "1",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_ACTOR: "bench",
    GITHUB_REF: "refs/heads/main",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
  };
  for (const [name, input] of Object.entries(inputs)) {
    const value = given[name] ?? input.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  await writeFile(env.GITHUB_OUTPUT, "");
  await writeFile(env.GITHUB_STEP_SUMMARY, "");
  return env;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(" ")} exited ${code}`));
      else resolve(performance.now() - started);
    });
  });
}

/** Own loop: bare and action interleaved, so drift of the machine hits both alike. */
async function loop(env) {
  const bare = [];
  const action = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const b = await run(NODE, ["-e", "0"], env);
    const a = await run(NODE, [BUNDLE], env);
    if (i >= WARMUP) {
      bare.push(b);
      action.push(a);
    }
  }
  return { bare: median(bare), action: median(action) };
}

function hasHyperfine() {
  return new Promise((resolve) => execFile("hyperfine", ["--version"], (error) => resolve(error === null)));
}

/**
 * hyperfine runs one command's runs in a block; on a shared machine a burst of load then lands on
 * one side only. So it runs in rounds, alternating which command goes first, and the medians are
 * taken over the runs of all rounds (hyperfine's JSON keeps every run's time).
 */
async function hyperfine(env, dir) {
  const rounds = 5;
  const perRound = Math.max(2, Math.ceil(RUNS / rounds));
  const bare = ["-n", "bare", `${NODE} -e 0`];
  const action = ["-n", "action", `${NODE} ${BUNDLE}`];
  const times = { bare: [], action: [] };
  for (let round = 0; round < rounds; round++) {
    const out = join(dir, `hyperfine-${round}.json`);
    const commands = round % 2 === 0 ? [...bare, ...action] : [...action, ...bare];
    const args = ["--warmup", String(WARMUP), "--runs", String(perRound), "--shell=none", "--style", "none"];
    await new Promise((resolve, reject) => {
      const child = spawn("hyperfine", [...args, "--export-json", out, ...commands], {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`hyperfine exited ${code}`))));
    });
    const { results } = JSON.parse(await readFile(out, "utf8"));
    for (const result of results) times[result.command].push(...result.times.map((seconds) => seconds * 1000));
  }
  return { bare: median(times.bare), action: median(times.action), runs: times.bare.length };
}

const dir = await mkdtemp(join(tmpdir(), "action-cold-start-"));
const receiver = await startReceiver();
try {
  const env = await runnerEnvironment(receiver.url, dir);
  const useHyperfine = !argv.includes("--no-hyperfine") && (await hasHyperfine());
  const result = useHyperfine ? await hyperfine(env, dir) : await loop(env);
  const version = await new Promise((resolve) =>
    execFile(NODE, ["--version"], (_error, stdout) => resolve(String(stdout).trim())),
  );
  const output = {
    benchmark: "action-cold-start",
    node: version,
    tool: useHyperfine ? "hyperfine" : "loop",
    runs: result.runs ?? RUNS,
    bundle_bytes: (await stat(BUNDLE)).size,
    bare_node_median_ms: Number(result.bare.toFixed(2)),
    action_median_ms: Number(result.action.toFixed(2)),
    ratio: Number((result.action / result.bare).toFixed(2)),
    budget_ratio: 2,
    deliveries: receiver.count(),
  };
  console.log(JSON.stringify(output, null, 2));
  if (output.ratio > output.budget_ratio) process.exitCode = 1;
} finally {
  receiver.close();
  await rm(dir, { recursive: true, force: true });
}
