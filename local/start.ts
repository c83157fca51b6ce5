// `npm start`: internalbf on this machine, the whole loop. The worker under `wrangler dev` (state in
// .wrangler/state) and beside it a GitHub stand-in (./github/) that runs the production workflow
// when internalbf dispatches it, so a staging success visibly goes live. With --github the worker
// talks to real GitHub instead, with your own secrets. Everything binds to 127.0.0.1.
//
//   npm start                      PORT=9000 npm start          npm start -- --github
//
// INTERNALBF_STATE_DIR moves the state (default .wrangler/state); STAND_IN_STEP_MS sets how long
// each phase of a simulated production run takes (default 1,500 ms).
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { type StandIn, startStandIn, type TimelineEvent } from "./github/server.ts";
import {
  LOCAL_ADMIN,
  LOCAL_GITHUB_TOKEN,
  LOCAL_SECRET,
  names,
  portOf,
  realGitHubSecrets,
  STATE_DIR,
} from "./settings.ts";
import { isFree, startWranglerDev, type WranglerDev } from "./wrangler.ts";

export interface LocalOptions {
  readonly port: number;
  /** The stand-in's port (default port + 1). */
  readonly githubPort?: number;
  readonly persistTo?: string;
  /** Each phase of a simulated production run (default 1,500 ms). */
  readonly stepMs?: number;
  /** Pass wrangler's output through. */
  readonly echo?: boolean;
  readonly onEvent?: (event: TimelineEvent) => void;
  /** Real GitHub with these secrets instead of the stand-in. */
  readonly realGitHub?: Record<string, string>;
  /** How often to run the worker's cron (wrangler dev runs none by itself); default 5 minutes. */
  readonly cronMs?: number;
}

/** A port `npm start` needs is held by something else. */
export class PortTaken extends Error {
  readonly port: number;
  constructor(port: number) {
    super(`port ${port} of 127.0.0.1 is taken`);
    this.port = port;
  }
}

export interface Local {
  readonly worker: WranglerDev;
  readonly github: StandIn | null;
  /** Runs the worker's scheduled handler, as Cloudflare's cron trigger would. */
  readonly cron: () => Promise<void>;
  /** Stops the worker only (the stand-in stays, as GitHub would). */
  readonly stopWorker: () => Promise<void>;
  /** Starts the worker again on the same state. */
  readonly restartWorker: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** Starts the stand-in (unless real GitHub) and the worker; resolves once both answer. */
export async function startLocal(options: LocalOptions): Promise<Local> {
  const ports = [options.port, ...(options.realGitHub === undefined ? [options.githubPort ?? options.port + 1] : [])];
  for (const port of ports) {
    // Checked first: wrangler dev would otherwise find another server answering on its port.
    if (!(await isFree(port))) throw new PortTaken(port);
  }
  const persistTo = options.persistTo ?? STATE_DIR;
  mkdirSync(persistTo, { recursive: true });
  const base = `http://127.0.0.1:${options.port}`;
  const repoNames = await names();
  const github =
    options.realGitHub === undefined
      ? await startStandIn({
          port: options.githubPort ?? options.port + 1,
          workerUrl: base,
          secret: LOCAL_SECRET,
          ...repoNames,
          stateFile: join(persistTo, "github-stand-in.json"),
          ...(options.stepMs === undefined ? {} : { stepMs: options.stepMs }),
          ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
        })
      : null;
  const vars =
    github === null
      ? { ...options.realGitHub, PUBLIC_URL: base }
      : {
          GITHUB_API_URL: github.url,
          GITHUB_TOKEN: LOCAL_GITHUB_TOKEN,
          WEBHOOK_AUTH_TOKEN: LOCAL_SECRET,
          ADMIN_TOKEN: LOCAL_ADMIN,
          NOTIFICATION_ENDPOINTS: `${github.url}/hooks/alerts`,
          PUBLIC_URL: base,
        };
  const launch = () => startWranglerDev({ port: options.port, persistTo, vars, echo: options.echo ?? false });
  let worker: WranglerDev;
  try {
    worker = await launch();
  } catch (error) {
    await github?.close();
    throw error;
  }
  const cron = async () => {
    const response = await fetch(`${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    await response.body?.cancel();
  };
  // What was pending when the worker last stopped goes now, not at the next cron.
  await cron();
  const timer = setInterval(() => void cron().catch(() => undefined), options.cronMs ?? 5 * 60_000);
  timer.unref();
  return {
    get worker() {
      return worker;
    },
    github,
    cron,
    stopWorker: () => worker.stop(),
    restartWorker: async () => {
      await worker.stop();
      worker = await launch();
      await cron();
    },
    stop: async () => {
      clearInterval(timer);
      await worker.stop();
      await github?.close();
    },
  };
}

const short = (sha: string | undefined) => (sha === undefined ? "" : sha.slice(0, 7));

function banner(local: Local, port: number, persistTo: string): string {
  const base = `http://127.0.0.1:${port}`;
  const lines = [
    "",
    `internalbf is running on ${base} (state in ${relative(process.cwd(), persistTo) || "."}; Ctrl-C stops everything)`,
    "",
    `  dashboard  ${base}/   user: your name (it goes on the record), password: ${local.github === null ? "your ADMIN_TOKEN" : LOCAL_ADMIN}`,
    `  API        curl -H 'authorization: Bearer ${local.github === null ? "$ADMIN_TOKEN" : LOCAL_ADMIN}' ${base}/pipeline`,
  ];
  if (local.github !== null) {
    lines.push(
      `  GitHub     ${local.github.url}  (a stand-in: it runs deploy-production.yml's steps with the real action)`,
      `  alerts     ${local.github.url}/hooks/alerts  (shown below as they come)`,
      "",
      "Send a staging success (the real action, signed with the local secret) and watch it go live:",
      "  npm run notify -- staging success",
      "Or see every flow at once, in another terminal:",
      "  npm run demo",
    );
  } else {
    lines.push("", "  GitHub     the real one (--github), with the secrets from your environment");
  }
  return `${lines.join("\n")}\n\n`;
}

async function main(): Promise<number> {
  const port = portOf(process.env);
  if (typeof port !== "number") {
    process.stderr.write(`npm start: ${port.refusal}\n`);
    return 2;
  }
  const args = process.argv.slice(2);
  let realGitHub: Record<string, string> | undefined;
  if (args.includes("--github")) {
    const secrets = realGitHubSecrets(process.env);
    if ("refusal" in secrets) {
      process.stderr.write(`npm start: ${secrets.refusal}\n`);
      return 2;
    }
    realGitHub = secrets;
  }
  const unknown = args.filter((arg) => arg !== "--github" && arg !== "--verbose");
  if (unknown.length > 0) {
    process.stderr.write(`npm start: unknown option ${unknown[0]} (known: --github, --verbose)\n`);
    return 2;
  }
  const persistTo = process.env.INTERNALBF_STATE_DIR?.trim() || STATE_DIR;
  const stepMs = Number(process.env.STAND_IN_STEP_MS ?? 1_500);
  if (!Number.isInteger(stepMs) || stepMs < 0 || stepMs > 600_000) {
    process.stderr.write(
      `npm start: STAND_IN_STEP_MS must be a whole number of milliseconds, got "${process.env.STAND_IN_STEP_MS}"\n`,
    );
    return 2;
  }
  process.stdout.write(`Starting internalbf on 127.0.0.1:${port} …\n`);
  let local: Local;
  try {
    local = await startLocal({
      port,
      persistTo,
      stepMs,
      echo: args.includes("--verbose"),
      ...(realGitHub === undefined ? {} : { realGitHub }),
      onEvent: (event) => {
        const who = event.source === "alert" ? "alert " : "github";
        process.stdout.write(
          `${event.at.slice(11, 19)}  ${who}  ${event.text}${event.source === "alert" ? ` (${short(event.commit_sha)})` : ""}\n`,
        );
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PortTaken) {
      process.stderr.write(
        `npm start: port ${error.port} is taken (another npm start?): stop what uses it, or set PORT (e.g. PORT=9000 npm start; the GitHub stand-in takes PORT+1)\n`,
      );
    } else {
      process.stderr.write(`npm start: ${message}\n`);
    }
    return 1;
  }
  process.stdout.write(banner(local, port, persistTo));
  const ended = await new Promise<"signal" | "worker">((done) => {
    process.once("SIGINT", () => done("signal"));
    process.once("SIGTERM", () => done("signal"));
    void local.worker.exited.then(() => done("worker"));
  });
  if (ended === "worker")
    process.stderr.write(`wrangler dev stopped by itself:\n${local.worker.output().slice(-4_000)}\n`);
  process.stdout.write("\nStopping …\n");
  await local.stop();
  return ended === "signal" ? 0 : 1;
}

if (import.meta.main) process.exitCode = await main();
