// The notification's body and its delivery id: the contract's shape, filled from the run.
import type { Notification } from "../../../worker/protocol/index";
import type { RunContext } from "./context";
import type { Config } from "./inputs";

/** The full notification body the contract asks for; `commitTimestamp` is the commit's own time, when known. */
export function buildNotification(
  config: Config,
  run: RunContext,
  now: Date,
  commitTimestamp: string | undefined = undefined,
): Notification {
  return {
    event: config.event,
    ...(config.status === undefined ? {} : { status: config.status }),
    commit_sha: config.commitSha,
    timestamp: now.toISOString(),
    repository: run.repository,
    run_id: run.runId,
    run_attempt: run.runAttempt,
    ...(run.runNumber === undefined ? {} : { run_number: run.runNumber }),
    run_url: run.runUrl,
    ...(run.actor === undefined ? {} : { actor: run.actor }),
    ...(run.ref === undefined ? {} : { ref: run.ref }),
    ...(config.details === undefined ? {} : { details: config.details }),
    ...(config.emergency ? { emergency: true } : {}),
    ...(config.dispatchId === undefined ? {} : { dispatch_id: config.dispatchId }),
    ...(commitTimestamp === undefined ? {} : { commit_timestamp: commitTimestamp }),
  };
}

/**
 * The `webhook-id`: the same for every attempt of one event in one run attempt, so a retry (or a
 * step re-run inside the same attempt) is recognised by internalbf as the same delivery.
 */
export function deliveryId(event: string, run: RunContext): string {
  return `gha-${run.runId}-${run.runAttempt}-${event}`;
}
