// The reconciliation: while a dispatched deployment holds the slot, ask GitHub about its run by id,
// on the alarm about a minute apart and on every cron run, honouring GitHub's rate limits. What it
// says goes to the policy on the one apply path (a run that completed without reporting frees the
// slot); where the run's id is not known yet, it is looked for by the decision's dispatch id.
import type { Config } from "../../config";
import { findDispatchedRun, type GitHub, getRun } from "../../effects/github";
import { log } from "../../log";
import type { EffectInput } from "../model";
import type { Store } from "../store";

/** How often the run in flight is asked about. */
export const WATCH_EVERY_MS = 60_000;
/** Settings: when the run in flight is next asked about; GitHub asked to be left alone until. */
export const WATCH_AT = "watch_at";
export const GITHUB_NOT_BEFORE = "github_not_before";

export interface WatchHost {
  readonly store: Store;
  readonly config: Config;
  readonly github: GitHub;
  transact<T>(write: () => T): T;
  apply(input: EffectInput, now: number): void;
}

export class WatchPass {
  private running: Promise<void> | null = null;

  constructor(private readonly host: WatchHost) {}

  /** When the alarm should wake to ask about the run in flight; null when there is none to ask about. */
  nextAt(): number | null {
    const { store, config } = this.host;
    if (config.github.invalid.length > 0 || config.github.auth.kind === "none") return null;
    const row = store.deployments.inFlight();
    if (row === null) return null;
    // The time set for this decision's run; a new decision is first asked about a minute after it moved.
    const set = JSON.parse(store.settings.get(WATCH_AT) ?? "{}") as { dispatch_id?: string; at?: number };
    const at = set.dispatch_id === row.dispatch_id && set.at !== undefined ? set.at : row.moved_at + WATCH_EVERY_MS;
    return Math.max(at, this.notBefore());
  }

  /**
   * Asks GitHub about the run in flight when it is due (`now` or, from the cron, always but during
   * a rate limit). One call at a time: null when none was started now.
   */
  run(now: number, cron: boolean): Promise<void> | null {
    if (this.running !== null) return null;
    const at = this.nextAt();
    if (at === null || (cron ? this.notBefore() > now : at > now)) return null;
    this.running = this.ask().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private notBefore(): number {
    return Number(this.host.store.settings.get(GITHUB_NOT_BEFORE) ?? 0);
  }

  private async ask(): Promise<void> {
    const { store, github } = this.host;
    const row = store.deployments.inFlight();
    if (row === null) return;
    const sha = row.sha;
    let runId = row.run_id;
    if (runId === null) {
      // GitHub gave no run id: the run is found by the decision's id in its name (else, after
      // STUCK_AFTER_MINUTES, the deployment is marked stuck).
      if (row.dispatch_id === null) return this.later(row.dispatch_id, Date.now(), null);
      const dispatchId = row.dispatch_id;
      const found = await findDispatchedRun(github, dispatchId, row.moved_at, store.events.refusedRuns(sha));
      if (!found.ok) return this.later(dispatchId, Date.now(), found.notBefore, found.error);
      if (found.value === null) return this.later(dispatchId, Date.now(), null);
      const { runId: id, runUrl } = found.value;
      this.host.transact(() =>
        this.host.apply({ kind: "dispatch_accepted", sha, runId: id, runUrl, dispatchId }, Date.now()),
      );
      runId = id;
    }
    if (runId === null) return;
    const result = await getRun(github, runId);
    const now = Date.now();
    if (!result.ok) return this.later(row.dispatch_id, now, result.notBefore, result.error);
    const id = runId;
    this.host.transact(() => {
      this.host.apply({ kind: "run_observed", sha, runId: id, run: result.value }, now);
      store.settings.set(WATCH_AT, JSON.stringify({ dispatch_id: row.dispatch_id, at: now + WATCH_EVERY_MS }));
    });
    log(result.value.status === "completed" ? "warn" : "debug", "run_observed", {
      sha,
      run_id: id,
      status: result.value.status,
      conclusion: result.value.conclusion,
    });
  }

  /** Asks again a minute on, or when GitHub said (Retry-After, x-ratelimit-reset), whichever is later. */
  private later(dispatchId: string | null, now: number, notBefore: number | null, error?: string): void {
    const { store } = this.host;
    const at = Math.max(now + WATCH_EVERY_MS, notBefore ?? 0);
    this.host.transact(() => {
      store.settings.set(WATCH_AT, JSON.stringify({ dispatch_id: dispatchId, at }));
      if (notBefore !== null && notBefore > now) store.settings.set(GITHUB_NOT_BEFORE, String(notBefore));
    });
    if (error !== undefined) log("warn", "run_watch_failed", { error, not_before: notBefore });
  }
}
