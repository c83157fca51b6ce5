// The state the policy sees, derived from rows and settings by one pure function: the store calls
// it with what SQLite holds, the policy's tests with what their model of the world holds.
import type { Deployment, PipelineState, ProductionDeployment, QueuedCommand, StagingDeployment } from "./model";
import { SLOT_STATUSES, WAITING_STATUSES } from "./model";

/** What the settings say of the pipeline and of one commit. */
export interface SettingsView {
  readonly frozen: boolean;
  readonly onHold: boolean;
  readonly neverPromote: boolean;
  readonly commandQueue: readonly QueuedCommand[];
  readonly holdOnFailure: boolean;
  /** The live commit an emergency is deploying again (the `redeploy` setting), or null. */
  readonly redeploying: string | null;
}

/**
 * The policy's state for an input about `sha`, from `rows`: the commit's own rows and every
 * production row that is live, holds the slot or waits, in any order.
 */
export function policyState(
  sha: string,
  rows: readonly Deployment[],
  settings: SettingsView,
  refusedRuns: readonly number[],
  now: number,
): PipelineState {
  const production = rows
    .filter((row) => row.environment === "production")
    .sort((a, b) => b.id - a.id) as ProductionDeployment[];
  const own = (environment: Deployment["environment"]) =>
    rows.find((row) => row.sha === sha && row.environment === environment);
  const slot = production.find((row) => SLOT_STATUSES.includes(row.status)) ?? null;
  // The live commit deployed again holds the slot and is still what production runs.
  const redeploying = slot !== null && slot.sha === settings.redeploying ? slot.sha : null;
  return {
    now,
    commandQueue: settings.commandQueue,
    holdOnFailure: settings.holdOnFailure,
    frozen: settings.frozen,
    onHold: settings.onHold,
    neverPromote: settings.neverPromote,
    live: production.find((row) => row.status === "live")?.sha ?? redeploying,
    redeploying,
    slot,
    waiting: production.filter((row) => WAITING_STATUSES.includes(row.status)),
    staging: (own("staging") as StagingDeployment | undefined) ?? null,
    production: (own("production") as ProductionDeployment | undefined) ?? null,
    refusedRuns,
  };
}
