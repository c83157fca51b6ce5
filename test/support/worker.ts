// The real internalbf worker on workerd, started from Node: the bundle `wrangler deploy --dry-run`
// makes from wrangler.toml, run by Miniflare with wrangler.toml's bindings (PIPELINE Durable Object
// on SQLite, AUDIT KV, vars) plus the vars and secrets a test gives. Used by the action's integration
// tests, the benchmarks and the reliability suite.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { REPOSITORY } from "../builders/notification";
import { NODE, ROOT } from "./action";

const execFileAsync = promisify(execFile);
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const CONFIG = join(ROOT, "wrangler.toml");

/** The worker's vars and secrets (wrangler.toml's [vars] apply where these say nothing). */
export interface WorkerVars {
  readonly WEBHOOK_AUTH_TOKEN?: string;
  readonly GITHUB_TOKEN?: string;
  readonly ADMIN_TOKEN?: string;
  readonly GITHUB_API_URL?: string;
  readonly GITHUB_OWNER?: string;
  readonly GITHUB_REPO?: string;
  readonly NOTIFICATION_ENDPOINTS?: string;
  readonly ALERT_SIGNING_SECRET?: string;
  readonly [name: string]: string | undefined;
}

export interface StartOptions {
  /** A wrangler.toml environment, e.g. "staging" (internalbf's own); the top level when absent. */
  readonly environment?: string;
  /** Keep Durable Object and KV data in this folder, so a second start (a restart) finds it. */
  readonly persistTo?: string;
  /** Print the worker's console output (off by default: tests stay quiet). */
  readonly verbose?: boolean;
}

export interface RunningWorker {
  /** Base URL on 127.0.0.1, without a trailing slash. */
  readonly url: string;
  /** The Miniflare instance, for what a test needs beyond HTTP (e.g. a cron trigger). */
  readonly miniflare: Miniflare;
  /** Runs the worker's scheduled handler once, as the cron trigger would. */
  readonly triggerCron: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

const built = new Map<string, Promise<string>>();

/**
 * Bundles the worker once per process and environment, exactly as `wrangler deploy` would, into a
 * temp folder. Returns the folder holding index.js.
 */
export function buildWorker(environment?: string): Promise<string> {
  const key = environment ?? "";
  let build = built.get(key);
  if (build === undefined) {
    build = (async () => {
      const outdir = await mkdtemp(join(tmpdir(), "internalbf-worker-"));
      process.once("exit", () => rmSync(outdir, { recursive: true, force: true }));
      const args = [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--config", CONFIG];
      if (environment !== undefined) args.push("--env", environment);
      await execFileAsync(NODE, args, {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" },
        maxBuffer: 16 * 1024 * 1024,
      });
      return outdir;
    })();
    built.set(key, build);
  }
  return build;
}

/** Starts the worker with the vars given; resolves once it answers on its URL. */
export async function startWorker(vars: WorkerVars = {}, options: StartOptions = {}): Promise<RunningWorker> {
  const outdir = await buildWorker(options.environment);
  // modulesRules go: the bundle is one ES module, and Miniflare 5 cannot convert the rules.
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(
    CONFIG,
    options.environment,
  ).workerOptions;
  // The fixtures sign for REPOSITORY: the tests do not depend on the names wrangler.toml ships with.
  const [owner = "", repo = ""] = REPOSITORY.split("/");
  const bindings: Record<string, string> = { GITHUB_OWNER: owner, GITHUB_REPO: repo };
  for (const [name, value] of [...Object.entries(workerOptions.bindings ?? {}), ...Object.entries(vars)]) {
    if ((name === "GITHUB_OWNER" || name === "GITHUB_REPO") && !(name in vars)) continue;
    if (typeof value === "string") bindings[name] = value;
  }
  // wrangler hands out Miniflare 4-shaped ("V4") options; Miniflare converts them to its own.
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      // Serves /cdn-cgi/local/scheduled, as `wrangler dev --test-scheduled` does (triggerCron).
      unsafeTriggerHandlers: true,
      verbose: options.verbose ?? false,
      ...(options.persistTo === undefined ? {} : { resourcePersistencePath: options.persistTo }),
      ...(options.verbose === true ? {} : { handleStructuredLogs: () => undefined }),
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
  return {
    url,
    miniflare,
    triggerCron: async () => {
      const response = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the scheduled handler answered ${response.status}`);
    },
    stop: () => miniflare.dispose(),
  };
}

/** A fresh temp folder for persisted state; remove it with removeState. */
export function stateFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "internalbf-state-"));
}

export function removeState(folder: string): Promise<void> {
  return rm(folder, { recursive: true, force: true });
}
