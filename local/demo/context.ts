// What the demo's flows act with: the real action for every notification, the operator CLI for
// every command, the stand-in for what GitHub does, the API for what internalbf recorded.
import { join } from "node:path";
import { ROOT, spawnNode } from "../action.ts";
import { freshSha, notifyStaging, push, type StagingStatus } from "../notify.ts";
import { LOCAL_ADMIN } from "../settings.ts";
import type { Timeline } from "./timeline.ts";

export interface Demo {
  readonly base: string;
  readonly github: string;
  readonly repository: string;
  readonly timeline: Timeline;
  /** How long a simulated production run may take, end to end. */
  readonly runMs: number;
}

export interface Context extends Demo {
  /** Fresh commits pushed to main, in order. */
  commits(count: number): Promise<string[]>;
  /** deploy-staging.yml's notify step for `sha`; internalbf's decision. */
  staging(sha: string, status: StagingStatus): Promise<string>;
  /** `internalbf <args>` (the CLI) as the demo's operator; its output. */
  cli(...args: string[]): Promise<string>;
  /** GET an operator route's JSON. */
  read(path: string): Promise<Record<string, unknown>>;
  /** Production's status of `sha` (null before it has one). */
  production(sha: string): Promise<string | null>;
  /** Waits until `probe` gives a value, or fails naming `what`. */
  until<T>(what: string, probe: () => Promise<T | undefined>, ms?: number): Promise<T>;
}

export const short = (sha: string): string => sha.slice(0, 7);

let stagingRuns = 0;

export function contextOf(demo: Demo): Context {
  const { base, github, timeline } = demo;
  const read = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${LOCAL_ADMIN}` } });
    return (await response.json()) as Record<string, unknown>;
  };
  const context: Context = {
    ...demo,
    commits: async (count) => {
      const commits = Array.from({ length: count }, freshSha);
      await push(github, commits);
      timeline.say("you", `pushed ${commits.map(short).join(", ")} to main`);
      return commits;
    },
    staging: async (sha, status) => {
      stagingRuns += 1;
      timeline.say(
        "you",
        `staging ${status === "success" ? "passed" : "failed"} for ${short(sha)} (the action sends it)`,
      );
      const step = await notifyStaging({
        base,
        repository: demo.repository,
        sha,
        status,
        runId: Math.floor(Date.now() / 1000) * 100 + (stagingRuns % 100),
      });
      const decision = step.outputs.decision ?? "";
      if (step.exitCode !== 0) throw new Error(`the action failed for ${short(sha)}:\n${step.stdout}${step.stderr}`);
      timeline.say("internalbf", `${short(sha)}: ${decision}`);
      return decision;
    },
    cli: async (...args) => {
      timeline.say("you", `internalbf ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(" ")}`);
      const { exitCode, stdout, stderr } = await spawnNode([join(ROOT, "cli/main.ts"), ...args], {
        PATH: process.env.PATH ?? "",
        INTERNALBF_URL: base,
        INTERNALBF_ADMIN_TOKEN: LOCAL_ADMIN,
        INTERNALBF_ACTOR: "demo",
      });
      // The CLI's answer opens with "decision  <what internalbf did>" (and the commit, for a commit's command).
      const decision = /^decision\s+(.+)$/m.exec(stdout)?.[1] ?? stdout.trim().split("\n")[0] ?? "";
      const commit = /^commit\s+(\S+) \(production: (\S+)\)$/m.exec(stdout);
      if (exitCode !== 0)
        throw new Error(`internalbf ${args[0]} exited ${exitCode}: ${stderr.trim() || stdout.trim()}`);
      timeline.say(
        "internalbf",
        commit === null ? decision : `${decision}: ${short(commit[1] ?? "")} (production: ${commit[2]})`,
      );
      return stdout;
    },
    read,
    production: async (sha) => {
      const record = await read(`/deployments/${sha}`);
      return (record.production as { status?: string } | null | undefined)?.status ?? null;
    },
    until: async (what, probe, ms = demo.runMs) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) {
          await timeline.catchUp();
          throw new Error(`timed out after ${(ms / 1000).toFixed(0)} s waiting for ${what}`);
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    },
  };
  return context;
}
