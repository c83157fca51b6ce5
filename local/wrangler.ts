// `wrangler dev` as internalbf runs locally: offline (no Cloudflare account), on 127.0.0.1, every
// setting a --var, state in a folder. Used by `npm start`, the end-to-end tests and the browser tests.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "./action.ts";

export interface WranglerDev {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Everything wrangler printed so far. */
  readonly output: () => string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s); resolves once it exited. */
  readonly stop: () => Promise<void>;
  readonly exited: Promise<number | null>;
}

export interface WranglerOptions {
  readonly port: number;
  readonly persistTo: string;
  readonly vars: Readonly<Record<string, string>>;
  /** Pass wrangler's output through to this process's (what `npm start` shows). */
  readonly echo?: boolean;
  /** How long to wait for /health to answer (default 90 s). */
  readonly readyMs?: number;
}

/** A port of 127.0.0.1 nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port on 127.0.0.1");
  return address.port;
}

/** Whether nothing listens on `port` of 127.0.0.1. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

/** Starts `wrangler dev`; resolves once its /health answers (any status: a degraded worker still runs). */
export async function startWranglerDev(options: WranglerOptions): Promise<WranglerDev> {
  const base = `http://127.0.0.1:${options.port}`;
  const args = [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "dev", "--ip", "127.0.0.1"];
  args.push("--port", String(options.port), "--persist-to", options.persistTo);
  args.push("--inspector-port", String(await freePort()), "--show-interactive-dev-session=false");
  for (const [name, value] of Object.entries(options.vars)) args.push("--var", `${name}:${value}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      // The banner asks the npm registry for a newer wrangler on every start.
      WRANGLER_HIDE_BANNER: "true",
      NO_COLOR: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo === true) process.stdout.write(chunk);
  };
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + (options.readyMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      await (await fetch(`${base}/health`)).body?.cancel();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `wrangler dev did not answer on ${base}/health within ${options.readyMs ?? 90_000} ms:\n${output}`,
      );
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return { base, output: () => output, stop, exited };
}
