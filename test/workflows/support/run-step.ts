/** Runs a workflow step's `run:` script the way a GitHub-hosted Ubuntu runner does. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXPRESSION_START, type Step } from "./workflows";

/** What a script did: its exit code, its output and the outputs it set. */
export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs the step's script under `bash -e -o pipefail` with `env` and a GITHUB_OUTPUT file. */
export function runStep(step: Step, env: Record<string, string>, cwd?: string): Promise<StepRun> {
  const script = step.run;
  if (script === undefined) throw new Error(`step "${step.name ?? "?"}" has no run script`);
  // Expressions inside a script are an injection risk; the tests can only run scripts that take env.
  if (script.includes(EXPRESSION_START))
    throw new Error(`step "${step.name ?? "?"}" puts an expression into its script`);
  const dir = mkdtempSync(join(tmpdir(), "step-"));
  const scriptFile = join(dir, "script.sh");
  const outputFile = join(dir, "output");
  writeFileSync(scriptFile, script);
  writeFileSync(outputFile, "");
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["--noprofile", "--norc", "-e", "-o", "pipefail", scriptFile],
      { cwd: cwd ?? dir, env: { PATH: process.env.PATH ?? "", HOME: dir, ...env, GITHUB_OUTPUT: outputFile } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, "utf8")) });
      },
    );
  });
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}
