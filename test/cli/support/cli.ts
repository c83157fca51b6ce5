// Running the operator CLI as operators do, a child process of the repository's Node
// (`node cli/main.ts …`, what `npm run internalbf` runs), against the real worker of a world.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";
import { decisionOf, deliver } from "../../reliability/support/intake";
import { control, recordOf, settled, waitFor } from "../../reliability/support/observe";
import { type ProductionWorkflow, simulateProduction } from "../../reliability/support/production";
import { ADMIN_TOKEN, notification, startWorld, type World } from "../../reliability/support/world";
import { NODE, ROOT } from "../../support/action";

export const ACTOR = "ana@example.com";
const MAIN = join(ROOT, "cli/main.ts");

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `internalbf <args>` with exactly `env` (and PATH): nothing of this process's INTERNALBF_* leaks in. */
export function cli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [MAIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The settings of an operator holding the world's ADMIN_TOKEN. */
export function operatorEnv(world: World): Record<string, string> {
  return { INTERNALBF_URL: world.worker().url, INTERNALBF_ADMIN_TOKEN: ADMIN_TOKEN, INTERNALBF_ACTOR: ACTOR };
}

/** A world whose production runs report in as deploy-production.yml does, with main's history given. */
export interface CliWorld {
  readonly world: World;
  readonly close: () => Promise<void>;
}

export async function startCliWorld(history: readonly string[]): Promise<CliWorld> {
  const world = await startWorld();
  await control(world.fake, "history", { history, diverged: [] });
  const production: ProductionWorkflow = simulateProduction(world.fake, () => world.worker().url);
  return {
    world,
    close: async () => {
      await production.stop();
      await world.close();
    },
  };
}

/** Staging reports success for `commit`; answers the intake's decision. */
export async function stagingPasses(world: World, commit: string): Promise<string | undefined> {
  const answer = await deliver(world.worker().url, notification({ commit_sha: commit }));
  expect(answer.status).toBe(202);
  return decisionOf(answer);
}

/** Staging passes for `commit`, which is promoted and goes live (the simulated run reports success). */
export async function goesLive(world: World, commit: string): Promise<void> {
  expect(await stagingPasses(world, commit)).toBe("production_dispatch_queued");
  await waitFor(async () => {
    expect((await recordOf(world.worker(), commit))?.production?.status).toBe("live");
  });
  await settled(world.worker());
}
