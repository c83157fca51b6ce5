// Instructions per request inside workerd, counted by valgrind's callgrind: repeatable to about 1 %,
// where this machine's throughput drifts by ±20 % from one minute to the next. For comparing two
// builds of a path, or the worker with an anchor:
//
//   node bench/instructions.mjs [forged|bare] [--anchor NAME] [--tier optimized|interpreter] [--requests N]
//
// Needs valgrind (Debian's valgrind); not part of `npm run bench`, which only measures time. Runs the
// bundle that `wrangler deploy --dry-run` makes (or an anchor of bench/lib/runtime.mjs) on Miniflare
// with workerd under callgrind, warms it up with 3,000 requests, then counts three loads of N
// requests (default 800, 4 connections) and prints the instructions per request of each, over every
// thread of workerd. V8's tiers decide most of a count, so the tier is fixed:
//   --tier optimized    (default) V8 compiles synchronously (--no-concurrent-recompilation), so every
//                       hot function runs optimized, as it does once its compiles are installed;
//   --tier interpreter  all JavaScript stays in V8's interpreter (--no-opt --no-maglev --no-sparkplug),
//                       as a function does while its compile waits (BENCHMARKS.md, "Forged rejections").
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const TIERS = {
  optimized: "--no-concurrent-recompilation",
  interpreter: "--no-opt --no-maglev --no-sparkplug",
};
const WARM_UP = 3_000;
const SECRET = "whsec_YmVuY2gtaW50YWtlLXNpZ25pbmctc2VjcmV0LTMyYnl0ZXMh";

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
};
const values = new Set(["--anchor", "--tier", "--requests"].map((name) => option(name, null)));
const kind = argv.find((arg) => !arg.startsWith("--") && !values.has(arg)) ?? "forged";
const tier = option("--tier", "optimized");
const requests = Number(option("--requests", "800"));
const anchor = kind === "bare" ? "bare" : option("--anchor", undefined);

if (!["forged", "bare"].includes(kind)) throw new Error(`unknown kind ${kind}: forged or bare`);
if (!(tier in TIERS)) throw new Error(`unknown tier ${tier}: ${Object.keys(TIERS).join(" or ")}`);
if (!(requests > 0)) throw new Error("--requests takes a number of requests");
await run("valgrind", ["--version"]).catch(() => {
  console.error("valgrind is not installed (Debian: apt-get install valgrind)");
  process.exit(2);
});

// Miniflare starts workerd from MINIFLARE_WORKERD_PATH, with MINIFLARE_WORKERD_V8_FLAGS: both are
// read when an instance starts, so they are set before bench/lib/runtime.mjs starts one.
const folder = await mkdtemp(join(tmpdir(), "internalbf-instructions-"));
const wrapper = join(folder, "workerd.sh");
const { ANCHORS, NODE, ROOT, buildWorker, startSubject } = await import("./lib/runtime.mjs");
if (anchor !== undefined && !(anchor in ANCHORS)) {
  throw new Error(`unknown anchor ${anchor}: ${Object.keys(ANCHORS).join(", ")}`);
}
await writeFile(
  wrapper,
  `#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file=${folder}/counts.%p --smc-check=all-non-file -q ${join(ROOT, "node_modules/workerd/bin/workerd")} "$@"\n`,
);
await chmod(wrapper, 0o755);
process.env.MINIFLARE_WORKERD_PATH = wrapper;
process.env.MINIFLARE_WORKERD_V8_FLAGS = TIERS[tier];

const bundle = anchor === undefined ? await buildWorker() : null;
const instance = await startSubject({ anchor, outdir: bundle?.outdir, secret: SECRET, token: "instructions" });
try {
  const load = async (amount) => {
    const spec = {
      url: instance.url,
      connections: 4,
      amount,
      path: kind === "bare" ? "/" : "/deployment/staging/started",
    };
    const sent = kind === "bare" ? { kind: "get" } : { kind: "forged", event: "staging_deployment_started" };
    const { stdout } = await run(NODE, [join(ROOT, "bench/lib/load.mjs"), JSON.stringify({ ...spec, ...sent })]);
    return JSON.parse(stdout.trim().split("\n").at(-1));
  };
  await load(WARM_UP);
  // This run's workerd, by pid: callgrind_control without one would also zero or dump any other
  // callgrind running on the machine (a second run of this script, say).
  const pid = await ownWorkerd();
  const counts = [];
  for (let i = 0; i < 3; i++) {
    await run("callgrind_control", ["-z", pid]);
    const result = await load(requests);
    await run("callgrind_control", ["-d", pid]);
    counts.push((await dumpedInstructions(pid)) / result.requests);
  }
  const name = anchor === undefined ? "the worker" : `anchor ${anchor}`;
  console.log(
    `${kind} on ${name}, ${tier}: ${counts.map((count) => Math.round(count)).join(", ")} instructions per request`,
  );
} finally {
  await instance.stop();
  await bundle?.remove();
  await rm(folder, { recursive: true, force: true });
}

/** The pid of the callgrind process this one started (Miniflare runs the wrapper, which execs valgrind). */
async function ownWorkerd() {
  for (const pid of (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry))) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent === process.pid && /callgrind/.test(await readFile(`/proc/${pid}/cmdline`, "utf8"))) return pid;
  }
  throw new Error("no callgrind process started by this one");
}

/** The instructions in the dumps callgrind_control -d just wrote for `pid`, removed after. */
async function dumpedInstructions(pid) {
  let total = 0;
  for (const file of (await readdir(folder)).filter((entry) => entry.startsWith(`counts.${pid}.`))) {
    const text = await readFile(join(folder, file), "utf8");
    total += Number(/\n(?:totals|summary):\s+(\d+)/.exec(text)?.[1] ?? 0);
    await rm(join(folder, file));
  }
  return total;
}
