// Runs the committed action bundle the way a GitHub runner does: INPUT_* variables with action.yml's
// defaults applied, GITHUB_* context variables, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

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

/**
 * The INPUT_* variables a runner sets for a `with:` block: every input of action.yml, its default
 * where the step gives none (names upper-cased, spaces to underscores, hyphens kept).
 */
export async function inputEnvironment(given: Record<string, string>): Promise<Record<string, string>> {
  const { inputs } = await actionMetadata();
  for (const name of Object.keys(given)) {
    if (!(name in inputs)) throw new Error(`action.yml has no input named ${name}`);
  }
  const env: Record<string, string> = {};
  for (const [name, input] of Object.entries(inputs)) {
    const value = given[name] ?? input.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return env;
}

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
    const { exitCode, stdout, stderr } = await spawnNode([BUNDLE], env, dir, options.timeoutMs ?? 120_000);
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

function spawnNode(
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/** Reads a GITHUB_OUTPUT file: `name<<delimiter` blocks (what @actions/core writes) and `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
      continue;
    }
    const pair = /^([^=]+)=(.*)$/.exec(line);
    if (pair !== null) outputs[pair[1] ?? ""] = pair[2] ?? "";
  }
  return outputs;
}
