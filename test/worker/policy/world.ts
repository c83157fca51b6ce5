// A small model of the world around the policy, for property tests: an in-memory store that
// derives the policy's state the way the Durable Object's does, GitHub answering from a linear
// history, and production runs that report back.
import type {
  Deployment,
  Effect,
  PipelineState,
  PolicyInput,
  ProductionDeployment,
} from "../../../worker/pipeline/model";
import { SLOT_STATUSES } from "../../../worker/pipeline/model";
import { decide } from "../../../worker/pipeline/policy";
import { policyState } from "../../../worker/pipeline/state";
import type { Notification, Status } from "../../../worker/protocol";
import { dispatchIdOf, productionResult, productionStarted, sha, stagingResult } from "./builders";

interface Row {
  id: number;
  status: string;
  run_id: number | null;
}

export interface Run {
  readonly sha: string;
  readonly runId: number;
}

export class World {
  readonly staging = new Map<string, Row>();
  readonly production = new Map<string, Row>();
  readonly pending: Effect[] = [];
  readonly runs: Run[] = [];
  readonly dispatched: string[] = [];
  readonly stagingSuccesses = new Set<string>();
  readonly violations: string[] = [];
  private nextId = 1;
  private nextRun = 100;

  /** Position of a commit in main's history (its number). */
  static position(commit: string): number {
    return Number.parseInt(commit.slice(0, 8), 16);
  }

  live(): string | null {
    for (const [commit, row] of this.production) if (row.status === "live") return commit;
    return null;
  }

  /** The policy's state, derived from this world's rows by the function the store uses. */
  state(commit: string): PipelineState {
    const production = [...this.production.entries()].map(([key, row]) => this.deployment(key, row));
    const stagingRow = this.staging.get(commit);
    const staging: Deployment[] =
      stagingRow === undefined
        ? []
        : [
            {
              sha: commit,
              environment: "staging",
              status: stagingRow.status,
              id: stagingRow.id,
              run_id: null,
              run_url: null,
              error: null,
              dispatch_id: null,
            },
          ];
    return policyState(
      commit,
      [...production, ...staging],
      { frozen: false, onHold: false, neverPromote: false, commandQueue: [], holdOnFailure: false },
      [],
      0,
    );
  }

  private deployment(commit: string, row: Row): ProductionDeployment {
    return {
      sha: commit,
      environment: "production",
      status: row.status as never,
      id: row.id,
      run_id: row.run_id,
      run_url: null,
      error: null,
      dispatch_id: dispatchIdOf(World.position(commit)),
    };
  }

  /** Decides one input and applies its outcome, checking the invariants on the way. */
  apply(input: PolicyInput): void {
    const commit =
      input.kind === "notification" ? input.notification.commit_sha : input.kind === "command" ? "" : input.sha;
    const liveBefore = this.live();
    if (
      input.kind === "notification" &&
      input.notification.event === "staging_deployment_complete" &&
      input.notification.status === "success"
    ) {
      this.stagingSuccesses.add(commit);
    }
    const outcome = decide(this.state(commit), input);
    for (const change of outcome.changes) {
      const table = change.environment === "staging" ? this.staging : this.production;
      const row = table.get(change.sha) ?? { id: this.nextId++, status: change.status, run_id: null };
      row.status = change.status;
      if (change.run_id !== undefined) row.run_id = change.run_id;
      table.set(change.sha, row);
    }
    for (const effect of outcome.effects) {
      if (effect.kind === "alert") continue;
      if (effect.kind === "settle_dispatch") {
        const index = this.pending.findIndex((pending) => pending.kind === "dispatch" && pending.sha === effect.sha);
        if (index >= 0) this.pending.splice(index, 1);
        continue;
      }
      if (effect.kind === "dispatch") {
        if (!this.stagingSuccesses.has(effect.sha))
          this.violations.push(`dispatched ${effect.sha} without a staging success`);
        if (this.dispatched.includes(effect.sha)) this.violations.push(`dispatched ${effect.sha} twice`);
        this.dispatched.push(effect.sha);
      }
      this.pending.push(effect);
    }
    const liveAfter = this.live();
    if (liveBefore !== null && liveAfter !== null && World.position(liveAfter) < World.position(liveBefore)) {
      this.violations.push(`${liveAfter} replaced the newer live ${liveBefore}`);
    }
    const slots = [...this.production.values()].filter((row) => SLOT_STATUSES.includes(row.status as never));
    if (slots.length > 1) this.violations.push("two commits hold the production slot");
  }

  notify(notification: Notification): void {
    this.apply({ kind: "notification", notification });
  }

  /** GitHub works the `index`-th pending effect (mod the count). */
  work(index: number, dispatchFails: boolean): void {
    if (this.pending.length === 0) return;
    const [effect] = this.pending.splice(index % this.pending.length, 1);
    if (effect === undefined) return;
    if (effect.kind === "compare") {
      const from = World.position(effect.live);
      const to = World.position(effect.sha);
      this.apply({
        kind: "ordered",
        sha: effect.sha,
        live: effect.live,
        relation: to > from ? "ahead" : to < from ? "behind" : "identical",
      });
    } else if (effect.kind === "dispatch") {
      if (dispatchFails) {
        this.apply({ kind: "dispatch_failed", sha: effect.sha, error: "GitHub answered 500" });
        return;
      }
      const runId = this.nextRun++;
      this.runs.push({ sha: effect.sha, runId });
      this.apply({ kind: "dispatch_accepted", sha: effect.sha, runId, runUrl: null });
    }
  }

  /** The `index`-th production run reports start and result (in either order). */
  finishRun(index: number, status: Status, reversed: boolean, duplicate: boolean): void {
    if (this.runs.length === 0) return;
    const [run] = this.runs.splice(index % this.runs.length, 1);
    if (run === undefined) return;
    const n = World.position(run.sha);
    const messages = [productionStarted(n, run.runId), productionResult(n, status, run.runId)];
    if (reversed) messages.reverse();
    for (const message of messages) this.notify(message);
    if (duplicate) this.notify(messages[messages.length - 1] ?? messages[0] ?? productionResult(n, status, run.runId));
  }

  /**
   * Someone runs the production workflow by hand for commit `n` (no dispatch id): its start and its
   * result must change nothing in production, and it must never be approved.
   */
  handRun(n: number, status: Status): void {
    const before = JSON.stringify([...this.production]);
    const runId = 9000 + this.nextRun++;
    const started = decide(this.state(sha(n)), {
      kind: "notification",
      notification: productionStarted(n, runId, { dispatch_id: undefined }),
    });
    if (started.decision === "approved") this.violations.push(`a hand-run of ${sha(n)} was approved`);
    this.notify(productionStarted(n, runId, { dispatch_id: undefined }));
    this.notify(productionResult(n, status, runId, { dispatch_id: undefined }));
    if (JSON.stringify([...this.production]) !== before) {
      this.violations.push(`a hand-run of ${sha(n)} changed production`);
    }
  }

  staged(n: number, status: Status): void {
    this.notify(stagingResult(n, status));
  }

  /** Lets GitHub and production finish everything, successfully. */
  drain(): void {
    for (let guard = 0; guard < 10_000 && (this.pending.length > 0 || this.runs.length > 0); guard++) {
      if (this.pending.length > 0) this.work(0, false);
      else this.finishRun(0, "success", false, false);
    }
  }
}

export { sha };
