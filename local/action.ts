// Runs the committed notify action (actions/notify-internalbf/dist/index.js) as a GitHub runner
// does: INPUT_* variables with action.yml's defaults, GITHUB_* context, a GITHUB_OUTPUT file. The
// stand-in's production workflow and the demo send every notification this way, so what they show
// is what the real action does.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";

export const ROOT = resolve(import.meta.dirname, "..");
const ACTION_DIR = join(ROOT, "actions/notify-internalbf");
export const BUNDLE = join(ACTION_DIR, "dist/index.js");

interface ActionInput {
  readonly required: boolean;
  readonly default?: string;
}

let metadata: Promise<Record<string, ActionInput>> | undefined;

/** action.yml's inputs, read once. */
export function actionInputs(): Promise<Record<string, ActionInput>> {
  metadata ??= readFile(join(ACTION_DIR, "action.yml"), "utf8").then(
    (text) => (parse(text) as { inputs: Record<string, ActionInput> }).inputs,
  );
  return metadata;
}

/** The INPUT_* variables a runner sets for a `with:` block, defaults applied (names upper-cased, spaces to underscores). */
export async function inputEnvironment(given: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const inputs = await actionInputs();
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

export interface StepResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
}

/** One `uses: ./actions/notify-internalbf` step: its inputs and the run's GITHUB_* variables. */
export async function runNotifyStep(
  inputs: Readonly<Record<string, string>>,
  github: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>> = {},
): Promise<StepResult> {
  const dir = await mkdtemp(join(tmpdir(), "internalbf-step-"));
  try {
    const outputFile = join(dir, "output");
    await writeFile(outputFile, "");
    const { exitCode, stdout, stderr } = await spawnNode([BUNDLE], {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(dir, "summary"),
      ...github,
      ...(await inputEnvironment(inputs)),
      ...env,
    });
    return { exitCode, stdout, stderr, outputs: parseOutputFile(await readFile(outputFile, "utf8")) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Finished {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args` in `cwd` (the project's root) and `env`; collects its output; SIGKILL after `timeoutMs`. */
export function runProcess(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 120_000,
  cwd = ROOT,
): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", fail);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      done({ exitCode, stdout, stderr });
    });
  });
}

/** Runs Node (the one running this, so Node 24 under npm) on `args`. */
export const spawnNode = (
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs?: number,
): Promise<Finished> => runProcess(process.execPath, args, env, timeoutMs);

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
