// Helpers for the local loop's tests: free ports in pairs (the worker's and the stand-in's next to
// it, as `npm start` takes them), waiting, and running the README's commands as a person types them.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type Finished, ROOT, runProcess } from "../../local/action.ts";
import { type Local, startLocal } from "../../local/start.ts";
import { freePort, isFree } from "../../local/wrangler.ts";

export { isFree };

/** A port P with P + 1 free too (the worker's and the GitHub stand-in's). */
export async function freePair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65_000 && (await isFree(port + 1))) return port;
  }
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export const tempState = () => mkdtemp(join(tmpdir(), "internalbf-local-"));
export const removeState = (folder: string) => rm(folder, { recursive: true, force: true });

/** `npm <args>` from the project's root, as typed in a terminal; resolves when it exits. */
export const npm = (args: readonly string[], env: Record<string, string>, timeoutMs = 240_000): Promise<Finished> =>
  runProcess("npm", args, { ...process.env, ...env }, timeoutMs);

/**
 * A local internalbf (worker and stand-in, fast simulated runs, no cron but the start's) for one
 * test file, on fresh ports and state; started before its tests, stopped and removed after them.
 */
export function useLocal(): () => Local {
  let local: Local | undefined;
  let state = "";
  beforeAll(async () => {
    state = await tempState();
    local = await startLocal({ port: await freePair(), persistTo: state, stepMs: 200, cronMs: 3_600_000 });
  }, 120_000);
  afterAll(async () => {
    const refused = local?.github?.requests().filter((request) => request.problems.length > 0) ?? [];
    await local?.stop();
    await removeState(state);
    // A request GitHub's description refuses fails the file that made the worker send it.
    if (refused.length > 0) {
      throw new Error(
        `GitHub would refuse:\n${refused.map((r) => `${r.method} ${r.path}: ${r.problems.join("; ")}`).join("\n")}`,
      );
    }
  });
  return () => {
    if (local === undefined) throw new Error("the local internalbf did not start");
    return local;
  };
}

/** `npm start` in its own process group (a terminal's foreground job): Ctrl-C is `interrupt()`. */
export function npmStart(env: Record<string, string>): {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Ctrl-C: SIGINT to the process group; resolves once npm exited. */
  readonly interrupt: () => Promise<void>;
} {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    output: () => output,
    interrupt: async () => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGINT");
      const killer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
