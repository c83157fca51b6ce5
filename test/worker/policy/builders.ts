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

let ids = 0;

export function production(n: number, status: ProductionStatus, run_id: number | null = null): ProductionDeployment {
  return { sha: sha(n), environment: "production", status, id: ++ids, run_id, run_url: null, error: null };
}

export function staging(n: number, status: StagingStatus): StagingDeployment {
  return { sha: sha(n), environment: "staging", status, id: ++ids, run_id: null, run_url: null, error: null };
}

export function state(overrides: Partial<PipelineState> = {}): PipelineState {
  return {
    frozen: false,
    onHold: false,
    live: null,
    slot: null,
    waiting: [],
    staging: null,
    production: null,
    neverPromote: false,
    ...overrides,
  };
}

export function stagingResult(n: number, status: Notification["status"]): Notification {
  return notification({ event: "staging_deployment_complete", commit_sha: sha(n), status });
}

export function productionStarted(n: number, run_id: number | undefined): Notification {
  return notification({ event: "production_deployment_started", commit_sha: sha(n), status: undefined, run_id });
}

export function productionResult(n: number, status: Notification["status"], run_id?: number): Notification {
  return notification({ event: "production_deployment_complete", commit_sha: sha(n), status, run_id });
}
