// Where a request's time goes inside workerd:
// `node bench/profile.mjs [valid|forged|bare] [--seconds N] [--anchor NAME]`.
// Needs Linux perf (Debian's linux-perf) and the right to record another process (root, or
// kernel.perf_event_paranoid ≤ 1); not part of `npm run bench`, which only measures.
//
// Runs the worker (esbuild, unminified, so JS frames keep their names; or an anchor of
// bench/lib/runtime.mjs, say `--anchor verify_401` under the forged load; `bare` is the bare anchor) on
// Miniflare with V8's perf map, loads it from bench/lib/load.mjs at 64 connections, records every
// thread of workerd for N seconds (default 5) once the measured run is under way, and prints CPU
// microseconds per request: by part (the SQLite commit and its fsync, garbage collection,
// Miniflare's entry worker, …) and by JS function. Call stacks come from frame pointers (perf -g):
// a part is a sample with that frame anywhere in its stack, so treat the parts as estimates.
import { execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ANCHORS, buildVariant, NODE, ROOT, startSubject } from "./lib/runtime.mjs";

const run = promisify(execFile);
const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? { at: at + 1, value: argv[at + 1] } : { at: -1, value: undefined };
};
const secondsOption = option("--seconds");
const anchorOption = option("--anchor");
const seconds = secondsOption.value === undefined ? 5 : Number(secondsOption.value);
const kind = argv.find((arg, i) => !arg.startsWith("--") && i !== secondsOption.at && i !== anchorOption.at) ?? "valid";
const anchor = kind === "bare" ? "bare" : anchorOption.value;
const SECRET = "whsec_YmVuY2gtaW50YWtlLXNpZ25pbmctc2VjcmV0LTMyYnl0ZXMh";
const PATH = "/deployment/staging/started";
const HZ = 999;

/** Parts of a request, first match wins (a sample in the commit is the commit's, whoever called it). */
const PARTS = [
  ["SQLite transaction begin and commit (WAL write + fsync)", /startImplicitTxnImpl|vdbeCommit/],
  ["SQL statements", /SqlStorage::exec$/],
  ["KV emulation (the mirror's writes)", /namespace\.worker|miniflare:shared|object-entry/],
  ["garbage collection", /CollectGarbage|Scavenge|MinorGC|MarkCompact|cppgc/],
  ["RPC between worker and object (capnp)", /JsRpc|capnp::/],
  ["worker JS (index.js)", /^JS:.*index\.js/],
  ["Miniflare's entry worker", /entry\.worker\.js/],
  ["subrequest (entry → worker)", /fetchImpl|Fetcher::/],
  ["HTTP and sockets", /HttpServer|HttpClient|AsyncIoStream|tcp_|sock_|epoll|recv|send|writev/],
];

if (!["valid", "forged", "bare"].includes(kind)) throw new Error(`unknown kind ${kind}: valid, forged or bare`);
if (!(seconds > 0)) throw new Error("--seconds takes a number of seconds");
if (anchor !== undefined && !(anchor in ANCHORS)) {
  throw new Error(`unknown anchor ${anchor}: ${Object.keys(ANCHORS).join(", ")}`);
}
await run("perf", ["--version"]).catch(() => {
  console.error("perf is not installed (Debian: apt-get install linux-perf)");
  process.exit(2);
});

process.env.MINIFLARE_WORKERD_V8_FLAGS = "--perf-basic-prof --interpreted-frames-native-stack";
const variant = anchor !== undefined ? null : await buildVariant([], { minify: false });
const instance = await startSubject({ anchor, outdir: variant?.outdir, secret: SECRET, token: "profile" });
const workerd = childrenNamed(process.pid, "workerd");
const folder = await mkdtemp(join(tmpdir(), "internalbf-profile-"));
const data = join(folder, "perf.data");
try {
  const warm = 2;
  const spec = {
    url: instance.url,
    connections: 64,
    warmup: warm,
    duration: seconds + 2,
    path: kind === "bare" ? "/" : PATH,
    ...(kind === "bare"
      ? { kind: "get" }
      : kind === "forged"
        ? { kind: "forged", event: "staging_deployment_started" }
        : {
            kind: "intake",
            event: "staging_deployment_started",
            secret: SECRET,
            label: `profile-${Date.now()}`,
            presign: 2_500 * (seconds + 2),
          }),
  };
  const loading = run(NODE, [join(ROOT, "bench/lib/load.mjs"), JSON.stringify(spec)], { maxBuffer: 1 << 26 });
  // load.mjs says "measuring" on stderr when its measured run starts; record from a second after.
  await new Promise((resolve) =>
    loading.child.stderr.on("data", (chunk) => String(chunk).includes("measuring") && resolve()),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await record(workerd, data, seconds);
  const result = JSON.parse((await loading).stdout.trim().split("\n").at(-1));
  report(await samples(data), result.rps * seconds, result);
} finally {
  await instance.stop();
  await variant?.remove();
  await rm(folder, { recursive: true, force: true });
}

function childrenNamed(parent, name) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent && stat.includes(`(${name})`)) found.push(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  if (found.length === 0) throw new Error(`no ${name} process started by this one`);
  return found;
}

function record(pids, output, duration) {
  return new Promise((resolve, reject) => {
    const perf = spawn(
      "perf",
      ["record", "-F", String(HZ), "-g", "-p", pids.join(","), "-o", output, "--", "sleep", String(duration)],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    perf.on("error", reject);
    perf.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`perf record exited ${code}`))));
  });
}

/** Each sample's frames, leaf first, as symbol names. */
async function samples(file) {
  const { stdout } = await run("perf", ["script", "-i", file, "-F", "ip,sym"], { maxBuffer: 1 << 30 });
  return stdout
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split("\n")
        .map((line) =>
          line
            .trim()
            .replace(/^[0-9a-f]+\s+/, "")
            .replace(/\+0x[0-9a-f]+$/, ""),
        )
        .filter(Boolean),
    )
    .filter((frames) => frames.length > 0);
}

function report(all, requests, result) {
  const us = (count) => ((count / HZ / requests) * 1e6).toFixed(1).padStart(8);
  const parts = new Map();
  const functions = new Map();
  for (const frames of all) {
    const part =
      PARTS.find(([, pattern]) => frames.some((frame) => pattern.test(frame)))?.[0] ?? "the rest of the runtime";
    parts.set(part, (parts.get(part) ?? 0) + 1);
    // V8's tier marks (~ ^ + * and ') are dropped, so a function is one entry whatever tier ran it.
    const names = frames.filter((frame) => frame.startsWith("JS:")).map((frame) => frame.replace(/^JS:[~^+*]?'?/, ""));
    for (const name of new Set(names)) {
      functions.set(name, (functions.get(name) ?? 0) + 1);
    }
  }
  console.log(
    `${kind}${anchor === undefined || anchor === kind ? "" : ` on ${anchor}`}: ${result.rps} req/s (p50 ${result.latency_ms.p50} ms, p99 ${result.latency_ms.p99} ms), ${all.length} samples in ${seconds} s`,
  );
  console.log(`\nCPU µs per request, all workerd threads: ${us(all.length).trim()}`);
  for (const [part, count] of [...parts].sort((a, b) => b[1] - a[1])) console.log(`${us(count)}  ${part}`);
  console.log("\nJS functions, inclusive µs per request (a function's time after an await is its own entry):");
  for (const [name, count] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${us(count)}  ${name}`);
  }
}
