// Builders for the policy's inputs: states, deployments and notifications.
import type {
  PipelineState,
  ProductionDeployment,
  ProductionStatus,
  StagingDeployment,
  StagingStatus,
} from "../../../worker/pipeline/model";
import type { Notification } from "../../../worker/protocol";
import { notification, sha } from "../support/notify";

export { sha };

/** The dispatch id the builders give commit `n`'s production row. */
export const dispatchIdOf = (n: number): string => `ibf-test-${n}`;

let ids = 0;

export function production(n: number, status: ProductionStatus, run_id: number | null = null): ProductionDeployment {
  return {
    sha: sha(n),
    environment: "production",
    status,
    id: ++ids,
    run_id,
    run_url: null,
    error: null,
    dispatch_id: dispatchIdOf(n),
  };
}

export function staging(n: number, status: StagingStatus): StagingDeployment {
  return {
    sha: sha(n),
    environment: "staging",
    status,
    id: ++ids,
    run_id: null,
    run_url: null,
    error: null,
    dispatch_id: null,
  };
}

/** The state's fields for a commit that holds the slot (its own row is the slot). */
export function holding(row: ProductionDeployment): Pick<PipelineState, "slot" | "production"> {
  return { slot: row, production: row };
}

export function state(overrides: Partial<PipelineState> = {}): PipelineState {
  return {
    frozen: false,
    onHold: false,
    live: null,
    redeploying: null,
    slot: null,
    waiting: [],
    staging: null,
    production: null,
    neverPromote: false,
    refusedRuns: [],
    commandQueue: [],
    holdOnFailure: false,
    now: 1_800_000_000_000,
    ...overrides,
  };
}

export function stagingResult(n: number, status: Notification["status"]): Notification {
  return notification({ event: "staging_deployment_complete", commit_sha: sha(n), status });
}

/** A production run's start, as deploy-production.yml sends it (with its dispatch id input, when it has one). */
export function productionStarted(
  n: number,
  run_id: number | undefined,
  extra: Partial<Record<keyof Notification, unknown>> = {},
): Notification {
  return notification({
    event: "production_deployment_started",
    commit_sha: sha(n),
    status: undefined,
    run_id,
    dispatch_id: dispatchIdOf(n),
    ...extra,
  });
}

export function productionResult(
  n: number,
  status: Notification["status"],
  run_id?: number,
  extra: Partial<Record<keyof Notification, unknown>> = {},
): Notification {
  return notification({
    event: "production_deployment_complete",
    commit_sha: sha(n),
    status,
    run_id,
    dispatch_id: dispatchIdOf(n),
    ...extra,
  });
}
