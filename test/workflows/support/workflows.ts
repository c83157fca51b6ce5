/** Reading the repository's workflows and the local action's definition, typed for the tests. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The repository's root. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Where the workflows live. */
export const WORKFLOWS_DIR = `${ROOT}.github/workflows/`;
/** How a workflow refers to the notify action. */
export const NOTIFY_ACTION = "./actions/notify-internalbf";

/** A step, as far as these tests read it. */
export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  "working-directory"?: string;
}

/** A job, as far as these tests read it. */
export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on"?: string;
  "timeout-minutes"?: number;
  permissions?: string | Record<string, string>;
  environment?: string | { name: string; url?: string };
  outputs?: Record<string, string>;
  steps?: Step[];
}

/** A workflow, as far as these tests read it. */
export interface Workflow {
  name?: string;
  "run-name"?: string;
  on: Record<string, unknown>;
  permissions?: string | Record<string, string>;
  concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** A workflow file: its name, its text and the parsed document. */
export interface WorkflowFile {
  file: string;
  text: string;
  workflow: Workflow;
}

/** The file names of every workflow in .github/workflows. */
export function workflowFiles(): string[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}

/** Reads and parses one workflow by file name. */
export function readWorkflow(file: string): WorkflowFile {
  const text = readFileSync(`${WORKFLOWS_DIR}${file}`, "utf8");
  const workflow = parse(text) as Workflow;
  if (typeof workflow !== "object" || workflow === null || typeof workflow.jobs !== "object") {
    throw new Error(`${file} is not a workflow`);
  }
  return { file, text, workflow };
}

/** The job with this id; throws when the workflow has none. */
export function job(workflow: Workflow, id: string): Job {
  const found = workflow.jobs[id];
  if (found === undefined) throw new Error(`no job ${id} (jobs: ${Object.keys(workflow.jobs).join(", ")})`);
  return found;
}

/** The job's steps (none when it has none). */
export function steps(job: Job): Step[] {
  return job.steps ?? [];
}

/** The step with this name; throws when the job has none. */
export function step(job: Job, name: string): Step {
  const found = steps(job).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no step named "${name}" in job ${job.name ?? "?"}`);
  return found;
}

/** A job's `needs` as a list. */
export function needs(job: Job): string[] {
  if (job.needs === undefined) return [];
  return typeof job.needs === "string" ? [job.needs] : job.needs;
}

/** Every step of every job of every workflow, with where it is. */
export function everyStep(): { file: string; jobId: string; step: Step }[] {
  return workflowFiles().flatMap((file) => {
    const { workflow } = readWorkflow(file);
    return Object.entries(workflow.jobs).flatMap(([jobId, found]) =>
      steps(found).map((one) => ({ file, jobId, step: one })),
    );
  });
}

/** One input of an action's action.yml. */
export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

/** The notify action's inputs, read from its action.yml. */
export function notifyActionInputs(): Record<string, ActionInput> {
  const action = parse(readFileSync(`${ROOT}actions/notify-internalbf/action.yml`, "utf8")) as {
    inputs?: Record<string, ActionInput>;
  };
  if (action.inputs === undefined) throw new Error("actions/notify-internalbf/action.yml declares no inputs");
  return action.inputs;
}

/** How a GitHub expression opens: `${{`. */
export const EXPRESSION_START = `\${{`;

/** The GitHub expression `${{ body }}`, as a workflow writes it. */
export function expr(body: string): string {
  return `${EXPRESSION_START} ${body} }}`;
}
