// Runs the committed action bundle the way a GitHub runner does: INPUT_* variables with action.yml's
// defaults applied, GITHUB_* context variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { inputEnvironment, parseOutputFile, runProcess } from "../../local/action.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ACTION_DIR = join(ROOT, "actions/notify-internalbf");
export const BUNDLE = join(ACTION_DIR, "dist/index.js");
/** The Node the project runs on (node_modules/.bin/node), not whatever is first on PATH. */
export const NODE = join(ROOT, "node_modules/.bin/node");

interface ActionInput {
  readonly description: string;
  readonly required: boolean;
  readonly default?: string;
}

export interface ActionMetadata {
  readonly name: string;
  readonly inputs: Record<string, ActionInput>;
  readonly outputs: Record<string, { readonly description: string }>;
  readonly runs: { readonly using: string; readonly main: string };
}

/** action.yml, parsed. */
export async function actionMetadata(): Promise<ActionMetadata> {
  return parse(await readFile(join(ACTION_DIR, "action.yml"), "utf8")) as ActionMetadata;
}

/** The GITHUB_* variables of a plausible run; override any of them. */
export function githubContext(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "bolt-foundry/monorepo",
    GITHUB_RUN_ID: "987654321",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_RUN_NUMBER: "42",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_ACTOR: "octocat",
    GITHUB_REF: "refs/heads/main",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    ...overrides,
  };
}

export { inputEnvironment, parseOutputFile };

export interface ActionRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly durationMs: number;
}

export interface RunOptions {
  readonly inputs: Record<string, string>;
  /** GITHUB_* overrides on top of githubContext(). */
  readonly github?: Record<string, string>;
  /** Further environment variables (e.g. NODE_EXTRA_CA_CERTS). */
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** Runs dist/index.js as a runner does and collects what the step left behind. */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), "notify-internalbf-"));
  try {
    const outputFile = join(dir, "output");
    const summaryFile = join(dir, "summary");
    await writeFile(outputFile, "");
    await writeFile(summaryFile, "");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...githubContext(options.github),
      ...(await inputEnvironment(options.inputs)),
      ...options.env,
    };
    const started = performance.now();
    const { exitCode, stdout, stderr } = await runProcess(NODE, [BUNDLE], env, options.timeoutMs ?? 120_000, dir);
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, "utf8")),
      summary: await readFile(summaryFile, "utf8"),
      durationMs: performance.now() - started,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
