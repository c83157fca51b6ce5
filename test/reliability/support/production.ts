// The production workflow, simulated: whenever GitHub (the fake) accepts a dispatch, the run
// reports in as deploy-production.yml does — production_deployment_started with its run id, then
// production_deployment_complete — through the intake, retrying a delivery that got no answer with
// the same webhook-id, as the notify-internalbf action does.
import type { FakeOutside } from "../../fakes/outside";
import { type Answer, decisionOf, deliver, deliveryId } from "./intake";
import { notification } from "./world";

/** Delivers until the worker answers (anything but a network failure or a 5xx), keeping the webhook-id. */
export async function deliverUntilAnswered(
  base: () => string | null,
  n: Parameters<typeof deliver>[1],
  options: { id?: string; timeoutMs?: number } = {},
): Promise<Answer & { attempts: number }> {
  const id = options.id ?? deliveryId();
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (let attempts = 1; ; attempts++) {
    const url = base();
    if (url !== null) {
      try {
        const answer = await deliver(url, n, { id });
        if (answer.status < 500) return { ...answer, attempts };
      } catch {
        // The worker went away mid-request (stopped): the action retries the same delivery.
      }
    }
    if (Date.now() > deadline) throw new Error(`delivery ${id} got no answer for ${options.timeoutMs ?? 60_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ProductionRun {
  readonly runId: number;
  readonly sha: string;
  /** The run's dispatch_id input, which the workflow passes on to internalbf. */
  readonly dispatchId: string;
  started?: string;
  completed?: string;
}

export interface ProductionWorkflow {
  /** Every run seen, with the decisions its notifications got. */
  readonly runs: () => readonly ProductionRun[];
  /** True when every run seen has reported its start and its result. */
  readonly idle: () => boolean;
  readonly stop: () => Promise<void>;
}

/** Watches the fake's accepted dispatches and reports each run's start and success to the worker at `base()`. */
export function simulateProduction(fake: FakeOutside, base: () => string | null): ProductionWorkflow {
  const seen = new Map<number, ProductionRun>();
  const work: Promise<void>[] = [];
  let pending = 0;
  let stopped = false;

  const report = async (run: ProductionRun): Promise<void> => {
    const fields = {
      commit_sha: run.sha,
      run_id: run.runId,
      run_url: `https://github.com/runs/${run.runId}`,
      dispatch_id: run.dispatchId === "" ? undefined : run.dispatchId,
    };
    const started = await deliverUntilAnswered(
      base,
      notification({ ...fields, event: "production_deployment_started", status: undefined }),
    );
    run.started = decisionOf(started) ?? `HTTP ${started.status}`;
    // The real workflow stops at a refused gate and reports nothing more.
    if (run.started !== "approved") return;
    const completed = await deliverUntilAnswered(
      base,
      notification({ ...fields, event: "production_deployment_complete", status: "success" }),
    );
    run.completed = decisionOf(completed) ?? `HTTP ${completed.status}`;
  };

  const timer = setInterval(() => {
    for (const { id, commit_sha, dispatch_id } of fake.state().runs) {
      if (seen.has(id) || stopped) continue;
      const run: ProductionRun = { runId: id, sha: commit_sha, dispatchId: dispatch_id };
      seen.set(id, run);
      pending += 1;
      work.push(
        report(run).finally(() => {
          pending -= 1;
        }),
      );
    }
  }, 25);

  return {
    runs: () => [...seen.values()],
    idle: () => pending === 0 && fake.state().runs.every((run) => seen.has(run.id)),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled(work);
    },
  };
}
