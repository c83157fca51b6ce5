// The workflow run the notification speaks for, read from the runner's GITHUB_* variables
// (what @actions/github's context reads, without its weight in the bundle).
import { InputError } from "./inputs";

/** The run's identity, as GitHub reports it. */
export interface RunContext {
  readonly repository: string;
  readonly runId: number;
  readonly runAttempt: number;
  readonly runNumber: number | undefined;
  readonly serverUrl: string;
  readonly runUrl: string;
  readonly actor: string | undefined;
  readonly ref: string | undefined;
  readonly sha: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The run context; throws InputError outside a GitHub Actions job (no repository or run id). */
export function readRunContext(env: Env): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? "";
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new InputError("GITHUB_REPOSITORY is not set to owner/name: this action runs in a GitHub Actions job");
  }
  const runId = readCount(env, "GITHUB_RUN_ID");
  if (runId === undefined) {
    throw new InputError("GITHUB_RUN_ID is not set: this action runs in a GitHub Actions job");
  }
  const runAttempt = readCount(env, "GITHUB_RUN_ATTEMPT") ?? 1;
  const serverUrl = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  return {
    repository,
    runId,
    runAttempt,
    runNumber: readCount(env, "GITHUB_RUN_NUMBER"),
    serverUrl,
    runUrl: `${serverUrl}/${repository}/actions/runs/${runId}/attempts/${runAttempt}`,
    actor: nonEmpty(env.GITHUB_ACTOR),
    ref: nonEmpty(env.GITHUB_REF),
    sha: nonEmpty(env.GITHUB_SHA),
  };
}

function readCount(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new InputError(`${name} is "${value}", not a whole number`);
  }
  return number;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
