// `npm run notify -- staging <started|success|failure> [sha]`: what deploy-staging.yml's notify step
// sends, with the real action, signed with the local secret, to the worker `npm start` runs. Without
// a SHA it makes a fresh commit and pushes it to the stand-in's main first (so git can order it).
import { randomBytes } from "node:crypto";
import { runNotifyStep, type StepResult } from "./action.ts";
import { LOCAL_SECRET, names, portOf } from "./settings.ts";

export type StagingStatus = "started" | "success" | "failure";

export interface StagingRun {
  /** internalbf's base URL. */
  readonly base: string;
  readonly repository: string;
  readonly sha: string;
  readonly status: StagingStatus;
  /** The staging run's id (GITHUB_RUN_ID). */
  readonly runId: number;
}

/** A fresh commit SHA. */
export const freshSha = (): string => randomBytes(20).toString("hex");

/** The staging workflow's notify step for `run`. */
export function notifyStaging(run: StagingRun): Promise<StepResult> {
  const started = run.status === "started";
  return runNotifyStep(
    {
      url: run.base,
      secret: LOCAL_SECRET,
      event: started ? "staging_deployment_started" : "staging_deployment_complete",
      ...(started ? {} : { status: run.status }),
      "commit-sha": run.sha,
      details: started ? "deploying to staging" : `E2E ${run.status === "success" ? "passed" : "failed"} on staging`,
    },
    {
      GITHUB_REPOSITORY: run.repository,
      GITHUB_RUN_ID: String(run.runId),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_RUN_NUMBER: String(run.runId),
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_ACTOR: "you",
      GITHUB_EVENT_NAME: "push",
      GITHUB_REF: "refs/heads/main",
      GITHUB_SHA: run.sha,
    },
  );
}

/** Tells the stand-in these commits were pushed to main, in this order. */
export async function push(github: string, commits: readonly string[]): Promise<void> {
  const response = await fetch(`${github}/__local/commits`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ commits }),
  });
  if (!response.ok) throw new Error(`the GitHub stand-in at ${github} answered ${response.status} to a push`);
}

const USAGE = "usage: npm run notify -- staging <started|success|failure> [<40-hex sha>]";

async function main(args: readonly string[]): Promise<number> {
  const [environment, status, given] = args;
  const port = portOf(process.env);
  if (typeof port !== "number") {
    process.stderr.write(`notify: ${port.refusal}\n`);
    return 2;
  }
  if (environment !== "staging" || !["started", "success", "failure"].includes(status ?? "")) {
    process.stderr.write(
      `${USAGE}\n(production notifications come from the production workflow: the stand-in sends them)\n`,
    );
    return 2;
  }
  if (given !== undefined && !/^[0-9a-f]{40}$/.test(given)) {
    process.stderr.write(`notify: "${given}" is not a full 40-hex commit SHA in lower case\n${USAGE}\n`);
    return 2;
  }
  const base = `http://127.0.0.1:${port}`;
  const sha = given ?? freshSha();
  const { owner, repo } = await names();
  try {
    if (given === undefined) await push(`http://127.0.0.1:${port + 1}`, [sha]);
  } catch {
    process.stderr.write(
      `notify: nothing answers on 127.0.0.1:${port + 1}: start internalbf with \`npm start\` first\n`,
    );
    return 1;
  }
  const step = await notifyStaging({
    base,
    repository: `${owner}/${repo}`,
    sha,
    status: status as StagingStatus,
    runId: Math.floor(Date.now() / 1000),
  });
  process.stdout.write(step.stdout);
  process.stderr.write(step.stderr);
  process.stdout.write(
    `\n${sha}: internalbf said ${step.outputs.decision ?? "nothing"} (HTTP ${step.outputs["http-status"] ?? "-"})\n` +
      `the record: curl -H 'authorization: Bearer local-admin' ${base}/deployments/${sha}\n`,
  );
  return step.exitCode ?? 1;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
