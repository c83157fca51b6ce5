// deploy-production.yml, simulated: what GitHub and the workflow's jobs do with a run, step by step.
// The gate job asks internalbf at the door with the real action (require-approval), the deploy job
// "deploys" (waits), the report job tells internalbf how it ended; runs take turns in the workflow's
// concurrency group (deploy-production, cancel-in-progress false: one runs, only the newest waits).
import { setTimeout as sleep } from "node:timers/promises";
import { runNotifyStep } from "../action.ts";

/** A run of the production workflow, in the fields GitHub's REST API shows (and the inputs it ran with). */
export interface SimulatedRun {
  readonly id: number;
  readonly display_title: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | null;
  readonly created_at: string;
  updated_at: string;
  readonly html_url: string;
  readonly inputs: RunInputs;
  /** What internalbf answered at the door (the action's `decision` output), once asked. */
  decision?: string;
}

export interface RunInputs {
  readonly commit_sha: string;
  readonly triggered_by: string;
  readonly dispatch_id: string;
  readonly emergency: boolean;
  readonly reason: string;
}

export interface WorkflowSetting {
  /** internalbf's base URL, the `url` input. */
  readonly workerUrl: string;
  /** The signing secret, the `secret` input. */
  readonly secret: string;
  /** owner/repo. */
  readonly repository: string;
  /** How long each phase takes: queued → gate, gate → deployed. */
  readonly stepMs: number;
  /** main's tip: the SHA the workflow_dispatch run itself is on. */
  readonly tip: () => string;
  /** Something happened, for the timeline. */
  readonly told: (text: string, run: SimulatedRun) => void;
  /** A run changed (persist it). */
  readonly changed: () => void;
}

export class ProductionWorkflow {
  readonly #setting: WorkflowSetting;
  #running: SimulatedRun | null = null;
  #pending: SimulatedRun | null = null;
  #idle: Promise<void> = Promise.resolve();
  readonly #stopping = new AbortController();

  constructor(setting: WorkflowSetting) {
    this.#setting = setting;
  }

  /** A new run joins the concurrency group: a run already waiting there is cancelled, as GitHub does. */
  enqueue(run: SimulatedRun): void {
    const waiting = this.#pending;
    if (waiting !== null) {
      this.#finish(waiting, "cancelled");
      this.#setting.told(`run ${waiting.id} cancelled by the concurrency group: run ${run.id} is newer`, waiting);
    }
    this.#pending = run;
    this.#next();
  }

  /** Stops between steps (a step under way ends first); the run in progress stays unfinished, as a lost runner leaves it. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#idle;
  }

  #next(): void {
    if (this.#running !== null || this.#pending === null || this.#stopping.signal.aborted) return;
    const run = this.#pending;
    this.#pending = null;
    this.#running = run;
    this.#idle = this.#execute(run)
      .catch((error: unknown) => {
        if (this.#stopping.signal.aborted) return;
        this.#finish(run, "failure");
        this.#setting.told(`run ${run.id} failed: ${error instanceof Error ? error.message : String(error)}`, run);
      })
      .finally(() => {
        this.#running = null;
        this.#next();
      });
  }

  async #execute(run: SimulatedRun): Promise<void> {
    const { stepMs, told } = this.#setting;
    await sleep(stepMs, undefined, { signal: this.#stopping.signal });
    this.#move(run, "in_progress");
    const door = await this.#gate(run);
    run.decision = door.decision;
    this.#setting.changed();
    if (!door.passed) {
      told(`run ${run.id} stopped at the door: internalbf said ${door.decision}`, run);
      await this.#report(run, "skipped", `job gate stopped the run (decision ${door.decision}); nothing was deployed`);
      this.#finish(run, "failure");
      told(`run ${run.id} completed: failure (nothing deployed)`, run);
      return;
    }
    told(`run ${run.id} ${run.inputs.emergency ? "recorded the emergency" : "approved at the door"}; deploying`, run);
    await sleep(stepMs, undefined, { signal: this.#stopping.signal });
    await this.#report(run, "success", "job deploy succeeded");
    this.#finish(run, "success");
    told(`run ${run.id} completed: success`, run);
  }

  /** The gate job's notify step: internalbf's answer decides whether the deploy job runs. */
  async #gate(run: SimulatedRun): Promise<{ passed: boolean; decision: string }> {
    const { inputs } = run;
    const emergency = inputs.emergency;
    const step = await this.#notify(run, {
      event: "production_deployment_started",
      "commit-sha": inputs.commit_sha,
      "dispatch-id": inputs.dispatch_id,
      ...(emergency
        ? {
            emergency: "true",
            details: `EMERGENCY (triggered by ${inputs.triggered_by}): ${inputs.reason}`,
            "require-approval": "false",
            "fail-on-error": "false",
            retries: "1",
            "timeout-seconds": "5",
          }
        : { details: `triggered by ${inputs.triggered_by}`, "require-approval": "true" }),
    });
    const decision = step.outputs.decision || "no answer";
    return { passed: step.exitCode === 0, decision };
  }

  /** The report job's notify step. */
  async #report(run: SimulatedRun, status: string, details: string): Promise<void> {
    await this.#notify(run, {
      event: "production_deployment_complete",
      status,
      "commit-sha": run.inputs.commit_sha,
      "dispatch-id": run.inputs.dispatch_id,
      emergency: String(run.inputs.emergency),
      details,
      "fail-on-error": run.inputs.emergency ? "false" : "true",
    });
  }

  #notify(run: SimulatedRun, inputs: Record<string, string>) {
    const { workerUrl, secret, repository, tip } = this.#setting;
    return runNotifyStep(
      { url: workerUrl, secret, ...inputs },
      {
        GITHUB_REPOSITORY: repository,
        GITHUB_RUN_ID: String(run.id),
        GITHUB_RUN_ATTEMPT: "1",
        GITHUB_RUN_NUMBER: String(run.id),
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_ACTOR: "internalbf-local",
        GITHUB_EVENT_NAME: "workflow_dispatch",
        GITHUB_REF: "refs/heads/main",
        GITHUB_SHA: tip(),
        GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/deploy-production.yml@refs/heads/main`,
      },
    );
  }

  #move(run: SimulatedRun, status: SimulatedRun["status"]): void {
    run.status = status;
    run.updated_at = new Date().toISOString();
    this.#setting.changed();
  }

  #finish(run: SimulatedRun, conclusion: NonNullable<SimulatedRun["conclusion"]>): void {
    run.conclusion = conclusion;
    this.#move(run, "completed");
  }
}
