// What the benchmarks run: the real worker bundle (as `wrangler deploy --dry-run` makes it) and the
// bench-only anchor workers, each on its own Miniflare (same version, same workerd) on 127.0.0.1.
// A small .mjs twin of test/support/worker.ts: it also keeps wrangler's size report, and builds once
// for several instances.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const NODE = join(ROOT, "node_modules/.bin/node");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const CONFIG = join(ROOT, "wrangler.toml");
const COMPATIBILITY_DATE = "2026-11-01";

/** Bundles the worker as `wrangler deploy` would; returns the folder and wrangler's size report. */
export async function buildWorker() {
  const outdir = await mkdtemp(join(tmpdir(), "internalbf-bench-worker-"));
  const { stdout, stderr } = await run(
    NODE,
    [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--config", CONFIG],
    {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const report = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(`${stdout}\n${stderr}`);
  const script = await readFile(join(outdir, "index.js"));
  return {
    outdir,
    sizes: {
      wrangler_total_upload_kib: report ? Number(report[1]) : null,
      wrangler_gzip_kib: report ? Number(report[2]) : null,
      index_js_bytes: script.length,
      index_js_gzip_bytes: gzipSync(script, { level: 9 }).length,
    },
    remove: () => rm(outdir, { recursive: true, force: true }),
  };
}

async function started(miniflare) {
  const url = (await miniflare.ready).href.replace(/\/+$/, "");
  return { url, miniflare, stop: () => miniflare.dispose() };
}

const quiet = { host: "127.0.0.1", port: 0, verbose: false, handleStructuredLogs: () => undefined };

/** The real worker from its bundle, with wrangler.toml's bindings and the vars given. */
export function startReal(outdir, vars) {
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(CONFIG).workerOptions;
  const bindings = {};
  for (const [name, value] of [...Object.entries(workerOptions.bindings ?? {}), ...Object.entries(vars)]) {
    if (typeof value === "string") bindings[name] = value;
  }
  return started(
    new Miniflare(
      convertV4MiniflareOptions({
        ...quiet,
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
    ),
  );
}

/** The anchors' Durable Object: one SQLite insert a call. */
const SINK = `import { DurableObject } from "cloudflare:workers";
export class Sink extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS d (id TEXT PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)");
  }
  insert(id, body) {
    this.ctx.storage.sql.exec("INSERT INTO d (id, body, at) VALUES (?, ?, ?)", id, body, Date.now());
    return id;
  }
}`;

/** An anchor's fetch imports the HMAC key of env.SECRET (whsec_…) once, for `usage`. */
const importKeyOnce = (usage) =>
  `    key ??= crypto.subtle.importKey("raw", Uint8Array.from(atob(env.SECRET.slice(6)), (c) => c.charCodeAt(0)),
      { name: "HMAC", hash: "SHA-256" }, false, ["${usage}"]);`;

/** The anchors: bench-only workers on the same Miniflare and workerd as the real one. */
export const ANCHORS = {
  // The bare worker: the runtime's own cost of a request.
  bare: `export default { fetch() { return new Response("ok"); } };`,
  // The bare worker that reads the body: the runtime's own cost of a POST and its body.
  bare_read: `export default { async fetch(request) { await request.arrayBuffer(); return new Response("ok"); } };`,
  // The ceiling: forward the raw body to a Durable Object that does one SQLite insert (no checks).
  ceiling: `
${SINK}
export default {
  async fetch(request, env) {
    const body = await request.text();
    await env.SINK.getByName("x").insert(request.headers.get("webhook-id"), body);
    return new Response('{"ok":true}', { status: 202, headers: { "content-type": "application/json" } });
  },
};`,
  // What a forged delivery must cost at least: read the body, one HMAC, a 401 (no log line).
  verify_401: `
let key;
const enc = new TextEncoder();
export default {
  async fetch(request, env) {
${importKeyOnce("sign")}
    const body = await request.text();
    const id = request.headers.get("webhook-id"), ts = request.headers.get("webhook-timestamp");
    const sig = (request.headers.get("webhook-signature") ?? "").split(" ")[0].slice(3);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, enc.encode(id + "." + ts + "." + body)));
    let ok = sig.length > 0;
    const given = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
    for (let i = 0; i < 32; i++) ok = ok && mac[i] === given[i];
    if (!ok) return Response.json({ error: { code: "invalid_signature", message: "no" } }, { status: 401 });
    return new Response("ok");
  },
};`,
  // The ceiling plus what every intake must do before the object: HMAC verify and JSON parse.
  ceiling_verify: `
${SINK}
let key;
const enc = new TextEncoder();
export default {
  async fetch(request, env) {
${importKeyOnce("verify")}
    const body = await request.text();
    const id = request.headers.get("webhook-id"), ts = request.headers.get("webhook-timestamp");
    const sig = (request.headers.get("webhook-signature") ?? "").split(" ")[0].slice(3);
    const mac = Uint8Array.from(atob(sig), (c) => c.charCodeAt(0));
    const ok = await crypto.subtle.verify("HMAC", await key, mac, enc.encode(id + "." + ts + "." + body));
    if (!ok) return new Response("no", { status: 401 });
    const n = JSON.parse(body);
    await env.SINK.getByName("x").insert(id, JSON.stringify(n));
    return new Response('{"ok":true}', { status: 202, headers: { "content-type": "application/json" } });
  },
};`,
};

/** Bench-only stand-ins for worker modules, to see what each part of the real worker costs. */
export const STUBS = {
  // worker/log.ts: no log lines.
  log: { filter: /(^|\/)log$/, contents: "export function log() {}" },
  // worker/effects/mirror.ts: the KV mirror write succeeds without writing (the outbox still works).
  mirror: {
    filter: /(^|\/)effects\/mirror$/,
    contents: "export async function writeMirror() { return { ok: true, value: null }; }",
  },
};

/**
 * A diagnostic variant of the real worker, bench-only: worker/index.ts bundled by esbuild (as
 * wrangler does) with the named modules of STUBS replaced; unminified on request (for profiles).
 */
export async function buildVariant(names, { minify = true } = {}) {
  const outdir = await mkdtemp(join(tmpdir(), "internalbf-bench-variant-"));
  await build({
    entryPoints: [join(ROOT, "worker/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2024",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["cloudflare:*", "node:*"],
    minify,
    outfile: join(outdir, "index.js"),
    logLevel: "silent",
    plugins: names.map((name) => ({
      name: `stub-${name}`,
      setup(b) {
        b.onResolve({ filter: STUBS[name].filter }, (args) =>
          args.importer.startsWith(join(ROOT, "worker")) ? { path: name, namespace: "stub" } : undefined,
        );
        b.onLoad({ filter: new RegExp(`^${name}$`), namespace: "stub" }, () => ({
          contents: STUBS[name].contents,
          loader: "js",
        }));
      },
    })),
  });
  return { outdir, remove: () => rm(outdir, { recursive: true, force: true }) };
}

/**
 * What a bench tool (profile.mjs, instructions.mjs) loads: the anchor `anchor`, or else the real
 * worker bundled in `outdir`, signing secret `secret`, with GitHub closed (the discard port) and
 * `token` as its GitHub and admin tokens.
 */
export function startSubject({ anchor, outdir, secret, token }) {
  return anchor !== undefined
    ? startAnchor(anchor, secret)
    : startReal(outdir, {
        WEBHOOK_AUTH_TOKEN: secret,
        GITHUB_TOKEN: token,
        GITHUB_API_URL: "http://127.0.0.1:9",
        ADMIN_TOKEN: token,
      });
}

export function startAnchor(name, secret) {
  const withObject = name.startsWith("ceiling");
  return started(
    new Miniflare(
      convertV4MiniflareOptions({
        ...quiet,
        workers: [
          {
            name: `anchor-${name}`,
            modules: true,
            script: ANCHORS[name],
            compatibilityDate: COMPATIBILITY_DATE,
            ...(withObject ? { durableObjects: { SINK: { className: "Sink", useSQLite: true } } } : {}),
            bindings: { SECRET: secret },
          },
        ],
      }),
    ),
  );
}

/**
 * The project's TypeScript the harness reuses (the fake GitHub, the wire contract), bundled with
 * esbuild at run time. The fake stamps each request with Date.now(): here that clock reads
 * performance.timeOrigin + performance.now(), the same epoch with sub-millisecond precision.
 */
export async function loadProjectTs() {
  const dir = await mkdtemp(join(tmpdir(), "internalbf-bench-ts-"));
  const outfile = join(dir, "project.mjs");
  await build({
    stdin: {
      contents: `export { startFakeOutside } from "./test/fakes/outside";
export { EVENT_PATHS, importSecret, signatureHeaders } from "./worker/protocol";`,
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outfile,
    define: { "Date.now": "__benchNow" },
    banner: { js: "const __benchNow = () => performance.timeOrigin + performance.now();" },
    // local/github/ reads its OpenAPI extract beside itself: imported where it is, not bundled.
    plugins: [
      {
        name: "local-github",
        setup(builder) {
          builder.onResolve({ filter: /\/local\/github\/[^/]+\.ts$/ }, (args) => ({
            path: join(args.resolveDir, args.path),
            external: true,
          }));
        },
      },
    ],
    logLevel: "silent",
  });
  const module = await import(pathToFileURL(outfile).href);
  await rm(dir, { recursive: true, force: true });
  return module;
}

export async function writeJson(path, value) {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
