// The step's dependencies: the runner (through @actions/core), the network, the clock. run() takes
// them as one value, so tests pass their own and need no module mocks.
import { appendFileSync } from "node:fs";
import { EOL } from "node:os";
import * as core from "@actions/core";
import type { Transport } from "./deliver";
import { send } from "./http";
import type { InputName } from "./inputs";

/** The outputs action.yml declares. */
export type OutputName = "delivery-id" | "decision" | "deployment-url" | "http-status";

/** What the step says to the runner. */
export interface Runner {
  readonly getInput: (name: InputName) => string;
  readonly setOutput: (name: OutputName, value: string) => void;
  /** Masks a value in every later log line. */
  readonly setSecret: (value: string) => void;
  readonly info: (message: string) => void;
  readonly warning: (message: string) => void;
  readonly setFailed: (message: string) => void;
  readonly writeSummary: (markdown: string) => Promise<void>;
}

export interface Deps extends Omit<Transport, "log"> {
  readonly runner: Runner;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real thing: the runner's environment, undici (src/http.ts) and the wall clock. */
export function runnerDeps(): Deps {
  return {
    runner: {
      getInput: (name) => core.getInput(name),
      setOutput: (name, value) => core.setOutput(name, value),
      setSecret: (value) => core.setSecret(value),
      info: (message) => core.info(message),
      warning: (message) => core.warning(message),
      setFailed: (message) => core.setFailed(message),
      writeSummary: async (markdown) => {
        // What core.summary.addRaw(markdown, true).write() does, without loading fs/promises (and
        // readline with it) at start. Outside a runner there is no summary file: no reason to fail.
        const file = process.env.GITHUB_STEP_SUMMARY;
        if (file) appendFileSync(file, `${markdown}${EOL}`, "utf8");
      },
    },
    env: process.env,
    send,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
    random: Math.random,
  };
}
