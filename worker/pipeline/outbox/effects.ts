// Working the outbox: claiming due entries before any call, performing each (the production
// dispatch, a compare, an alert), and settling it. A final result is fed back to the policy, on the
// Pipeline's one apply path, in the same transaction that settles the entry.
import type { Config } from "../../config";
import { sendAlert } from "../../effects/alerts";
import { type Attempt, failed, succeeded } from "../../effects/attempt";
import {
  compareCommits,
  type DispatchedRun,
  type DispatchRequest,
  dispatchProduction,
  findDispatchedRun,
  GITHUB_TIMEOUT_MS,
  type GitHub,
} from "../../effects/github";
import { log } from "../../log";
import { importSecret } from "../../protocol";
import type { Alert, EffectInput, Relation, TriggeredBy } from "../model";
import type { OutboxRow, Store } from "../store";
import { MAX_ATTEMPTS, nextAttemptAt } from "./backoff";
import { nextLookAt } from "./lookup";

/** An entry in flight this long without an answer was lost with its isolate: claim it again. */
export const LEASE_MS = GITHUB_TIMEOUT_MS + 20_000;

/** What the outbox needs of the Durable Object. */
export interface OutboxHost {
  readonly store: Store;
  readonly config: Config;
  /** GitHub with the object's credentials. */
  readonly github: GitHub;
  /** Runs `write` in one storage transaction. */
  transact<T>(write: () => T): T;
  /** Decides an effect's result and writes its outcome (inside a transaction). */
  apply(input: EffectInput, now: number): void;
}

export class OutboxEffects {
  private signingKey: Promise<CryptoKey> | null = null;

  constructor(private readonly host: OutboxHost) {}

  /**
   * The kinds that wait: a GitHub setting failed validation, so nothing is sent to GitHub (no URL
   * that failed the check, no token) until the worker is deployed with it fixed; the wait uses up
   * no attempt, and the cron's tick sends them after that deploy.
   */
  held(): readonly string[] {
    return this.host.config.github.invalid.length > 0 ? ["dispatch", "compare"] : [];
  }

  /** Claims up to `room` due entries (saying on the held ones why they wait). */
  claim(now: number, room: number): { row: OutboxRow; reclaimed: boolean }[] {
    if (room <= 0) return [];
    const held = this.held();
    const names = this.host.config.github.invalid.join(", ");
    const note = `waiting: ${names} failed validation (see GET /health); nothing is sent to GitHub until the worker is deployed with it fixed`;
    return this.host.transact(() => {
      this.host.store.outbox.noteHeld(held, note, now);
      return this.host.store.outbox.claimDue(now, LEASE_MS, room, held);
    });
  }

  /** Performs one claimed entry and settles it. */
  async perform(row: OutboxRow, reclaimed: boolean): Promise<void> {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    switch (row.kind) {
      case "dispatch":
        return this.dispatch(row, reclaimed, {
          sha: String(payload.sha),
          triggeredBy: payload.triggered_by as TriggeredBy,
          dispatchId: String(payload.dispatch_id),
        });
      case "compare": {
        const sha = String(payload.sha);
        const live = String(payload.live);
        const result = await compareCommits(this.host.github, live, sha);
        return this.settle(
          row,
          result,
          (relation: Relation) => ({ kind: "ordered", sha, live, relation, manual: payload.manual === true }),
          (error) => ({ kind: "order_failed", sha, error }),
        );
      }
      case "alert": {
        const result = await sendAlert(
          String(payload.url),
          payload.alert as Alert,
          Number(payload.raised_at),
          row.key,
          await this.alertKey(),
          this.host.config.githubServerUrl,
          this.host.config.publicUrl,
        );
        this.host.transact(() => this.conclude(row, result, Date.now()));
        return;
      }
      default: {
        const unknown = failed(false, `unknown outbox kind ${row.kind}`);
        this.host.transact(() => this.conclude(row, unknown, Date.now()));
      }
    }
  }

  /**
   * Works a dispatch entry. After a failure that may have reached GitHub (a timeout, a reset, a 5xx,
   * an isolate lost mid-call), it first looks for the decision's run by its dispatch id, for at least
   * LOOK_FOR_MS with backoff, and sends again only when the run has not appeared; looking uses up
   * no attempt. A dispatch is counted as an attempt in storage before it is sent.
   */
  private async dispatch(row: OutboxRow, reclaimed: boolean, request: DispatchRequest): Promise<void> {
    const { store, github } = this.host;
    const { sha, dispatchId } = request;
    const accepted = (run: DispatchedRun): EffectInput => ({
      kind: "dispatch_accepted",
      sha,
      runId: run.runId,
      runUrl: run.runUrl,
      dispatchId,
    });
    // A lost isolate's call went out at least a lease ago, if it went out at all.
    const since = row.looking_since ?? (reclaimed && row.attempts > 0 ? Date.now() - LEASE_MS : null);
    if (since !== null) {
      const found = await findDispatchedRun(github, dispatchId, row.created_at, store.events.refusedRuns(sha));
      if (found.ok && found.value !== null) {
        log("info", "dispatch_reconciled", { sha, dispatch_id: dispatchId, run_id: found.value.runId });
        const run = found.value;
        return this.settle(row, succeeded(run), accepted, () => accepted(run));
      }
      const now = Date.now();
      const next = nextLookAt(since, row.lookups, now);
      if (next !== null) {
        const seen = found.ok ? "not listed yet" : `the lookup failed: ${found.error}`;
        const note = `looking for run ${dispatchId} before sending again (${seen}; GitHub's list lags)`;
        this.host.transact(() => store.outbox.lookAgainAt(row.id, next, since, row.lookups + 1, note, now));
        return;
      }
    }
    const attempts = this.host.transact(() => store.outbox.countAttempt(row.id));
    const askRunDetails = store.settings.get("run_details") !== "refused";
    const result = await dispatchProduction(github, request, askRunDetails);
    if (result.runDetailsRefused === true) this.host.transact(() => store.settings.set("run_details", "refused"));
    if (!result.ok && result.ambiguous === true && attempts < (MAX_ATTEMPTS.dispatch ?? 10)) {
      const now = Date.now();
      const note = `${result.error}; looking for run ${dispatchId} before sending again`;
      const first = Math.max(nextLookAt(now, 0, now) ?? now, result.notBefore ?? 0);
      log("warn", "effect_failed", { kind: row.kind, sha, attempt: attempts, error: result.error, final: false });
      this.host.transact(() => store.outbox.lookAgainAt(row.id, first, now, 0, note, now));
      return;
    }
    return this.settle({ ...row, attempts }, result, accepted, (error) => ({
      kind: "dispatch_failed",
      sha,
      error: `${error} (after ${attempts} attempt(s))`,
      dispatchId,
    }));
  }

  /** Records an attempt's outcome; a final outcome is fed back to the policy in the same transaction. */
  private settle<T>(
    row: OutboxRow,
    result: Attempt<T>,
    onSuccess: (value: T) => EffectInput,
    onFailure: (error: string) => EffectInput,
  ): void {
    const now = Date.now();
    this.host.transact(() => {
      const state = this.conclude(row, result, now);
      if (state === "done" && result.ok) this.host.apply(onSuccess(result.value), now);
      if (state === "failed" && !result.ok) this.host.apply(onFailure(result.error), now);
    });
  }

  /** Writes one attempt's outcome on its entry (done, retry later, failed for good) and logs it. */
  private conclude<T>(row: OutboxRow, result: Attempt<T>, now: number): "done" | "retry" | "failed" | "settled" {
    const outbox = this.host.store.outbox;
    const final = !result.ok && (!result.retryable || row.attempts >= (MAX_ATTEMPTS[row.kind] ?? 5));
    let state: "done" | "retry" | "failed";
    let changed: boolean;
    if (result.ok) {
      state = "done";
      changed = outbox.finish(row.id, now);
    } else if (!final) {
      state = "retry";
      changed = outbox.retryAt(
        row.id,
        nextAttemptAt(row.attempts, now, result.notBefore, Math.random()),
        result.error,
        now,
      );
    } else {
      state = "failed";
      changed = outbox.fail(row.id, result.error, now);
    }
    if (!result.ok) {
      log("warn", "effect_failed", { kind: row.kind, sha: row.sha, attempt: row.attempts, error: result.error, final });
    } else {
      log("info", "effect_done", { kind: row.kind, sha: row.sha, attempt: row.attempts });
    }
    return changed ? state : "settled";
  }

  private alertKey(): Promise<CryptoKey | null> {
    const secret = this.host.config.alertSigningSecret;
    if (secret === null) return Promise.resolve(null);
    this.signingKey ??= importSecret(secret);
    return this.signingKey;
  }
}
