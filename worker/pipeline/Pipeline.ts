// The Pipeline Durable Object: the single writer and source of truth for one repository. Each
// input is decided by the pure policy and written in one transaction with its outbox entries;
// effects are attempted at once after the commit, and the alarm retries what failed.
import { DurableObject } from "cloudflare:workers";
import { type Config, configOf } from "../config";
import { sendAlert } from "../effects/alerts";
import { type Attempt, failed, succeeded } from "../effects/attempt";
import {
  compareCommits,
  type DispatchedRun,
  type DispatchRequest,
  dispatchProduction,
  findDispatchedRun,
  GITHUB_TIMEOUT_MS,
} from "../effects/github";
import { writeMirror } from "../effects/mirror";
import { log } from "../log";
import {
  type Decision,
  type Environment,
  environmentOf,
  type IntakeAnswer,
  importSecret,
  type Notification,
} from "../protocol";
import { MAX_ATTEMPTS, nextAttemptAt } from "./backoff";
import { GroupCommit } from "./group-commit";
import { nextLookAt } from "./lookup";
import { MIRROR_DELAY_MS, mirrorBatch } from "./mirroring";
import type { Alert, EffectInput, Relation, TriggeredBy } from "./model";
import { decide } from "./policy";
import { commitRecord, listDeployments } from "./records";
import { migrate } from "./schema";
import { CURRENT_KEY, deploymentKey, type OutboxRow, Store } from "./store";

/** An entry in flight this long without an answer was lost with its isolate: claim it again. */
const LEASE_MS = GITHUB_TIMEOUT_MS + 20_000;
/** Outbox entries worked at once, at most. */
const BATCH = 25;
/** KV mirror writes in flight at once, at most; a pass reads and writes a slice at a time. */
const MIRROR_SLICE = 25;
const MIRROR_RETRY_MS = 5_000;

/** A notification's answer: its status, its decision (for the log line) and the body, JSON text. */
export interface Received {
  readonly status: 200 | 202;
  readonly decision: Decision;
  readonly body: string;
}

interface Arrival {
  readonly delivery: string;
  readonly notification: Notification;
}

export class Pipeline extends DurableObject<Env> {
  private readonly store: Store;
  private readonly config: Config;
  /** Outbox entries being worked now, each on its own: a slow one never holds up another. */
  private readonly working = new Set<Promise<void>>();
  private mirroring = false;
  /** When the last new notification was received (the mirror yields to a burst of them). */
  private lastReceivedAt = 0;
  private alarmAt: number | null = null;
  /** No mirror pass before this time (a second after the last, or a retry after KV failed). */
  private mirrorsFrom = 0;
  private signingKey: Promise<CryptoKey> | null = null;
  /** Notifications received and not yet recorded: recorded together on the next turn. */
  private readonly arrivals = new GroupCommit(({ delivery, notification }: Arrival) =>
    this.recordNotification(delivery, notification),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = configOf(env);
    this.store = new Store(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.transactionSync(() => migrate(ctx.storage.sql));
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Records a verified notification on the object's next turn, with those arriving alongside it. */
  receive(delivery: string, notification: Notification): Promise<Received> {
    return this.arrivals.add({ delivery, notification });
  }

  /**
   * One notification, in its own transaction: the first answer for a repeated delivery, else decide
   * and write. The answer comes back as the JSON text kept for repeats, so it is serialized once.
   */
  private recordNotification(delivery: string, notification: Notification): Received {
    const now = Date.now();
    let immediate = false;
    const received = this.ctx.storage.transactionSync((): Received => {
      const first = this.store.answerOf(delivery);
      if (first !== null) {
        return { status: 200, decision: (JSON.parse(first) as IntakeAnswer).decision, body: first };
      }
      const sha = notification.commit_sha;
      const production = environmentOf(notification.event) === "production";
      const outcome = decide(this.store.state(sha, production), { kind: "notification", notification });
      immediate = this.store.apply(outcome, now, delivery, this.config.notificationEndpoints);
      const answer: IntakeAnswer = {
        delivery,
        decision: outcome.decision,
        ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
        deployment: this.store.view(sha, environmentOf(notification.event)),
      };
      const body = JSON.stringify(answer);
      this.store.remember(delivery, body, now);
      return { status: 202, decision: outcome.decision, body };
    });
    if (received.status === 202) this.lastReceivedAt = now;
    if (immediate) this.kick(now);
    else if (received.status === 202) this.ensureAlarm(now + MIRROR_DELAY_MS);
    return received;
  }

  /** Deployments newest first (see listDeployments). */
  async list(filter: { environment: Environment | null; status: string | null; limit: number; cursor: number | null }) {
    return listDeployments(this.ctx.storage.sql, filter);
  }

  /** A commit's record and audit trail, or null. */
  async record(sha: string) {
    return commitRecord(this.ctx.storage.sql, sha);
  }

  /** The live commit, the one in flight, the queue. */
  async overview() {
    return this.store.pipeline();
  }

  /** Proves the object and its storage answer (for /health). */
  async ping(): Promise<boolean> {
    return this.ctx.storage.sql.exec<{ ok: number }>("SELECT 1 AS ok").one().ok === 1;
  }

  /** The cron's safety net: work what is due and make sure the alarm is set. */
  async tick(): Promise<void> {
    this.store.prune(Date.now());
    await this.pump();
  }

  override async alarm(): Promise<void> {
    // This alarm is spent when the handler returns: keep a stored fallback until the work it
    // starts has rescheduled, so an isolate lost meanwhile still wakes again.
    this.alarmAt = null;
    this.ensureAlarm(Date.now() + LEASE_MS);
    this.store.prune(Date.now());
    await this.pump();
  }

  /** After a commit: a fallback alarm in case this isolate dies, then the attempt at once. */
  private kick(now: number): void {
    this.ensureAlarm(now + LEASE_MS);
    this.ctx.waitUntil(this.pump());
  }

  private ensureAlarm(at: number): void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  /**
   * Claims the due outbox entries (up to BATCH in flight) and starts each on its own; when one
   * finishes, the pump runs again, so what its outcome enqueued (the dispatch after a compare)
   * starts at once. Resolves when the work in flight now is done.
   */
  private pump(): Promise<void> {
    const now = Date.now();
    const room = BATCH - this.working.size;
    const held = this.heldKinds();
    const claimed =
      room > 0
        ? this.ctx.storage.transactionSync(() => {
            this.store.noteHeld(held, this.heldNote(), now);
            return this.store.claimDue(now, LEASE_MS, room, held);
          })
        : [];
    for (const { row, reclaimed } of claimed) {
      this.track(this.perform(row, reclaimed), () => this.ctx.waitUntil(this.pump()));
    }
    if (!this.mirroring) {
      this.mirroring = true;
      this.track(this.mirror(now), () => {
        this.mirroring = false;
        this.reschedule();
      });
    }
    this.reschedule();
    return Promise.all([...this.working]).then(() => undefined);
  }

  /**
   * The outbox kinds that wait: a GitHub setting failed validation, so nothing is sent to GitHub
   * (no URL that failed the check, no token) until the worker is deployed with it fixed; the wait
   * uses up no attempt, and the cron's tick sends them after that deploy.
   */
  private heldKinds(): readonly string[] {
    return this.config.github.invalid.length > 0 ? ["dispatch", "compare"] : [];
  }

  private heldNote(): string {
    const names = this.config.github.invalid.join(", ");
    return `waiting: ${names} failed validation (see GET /health); nothing is sent to GitHub until the worker is deployed with it fixed`;
  }

  /** Keeps `work` in the set in flight until it ends, then runs `after`. */
  private track(work: Promise<void>, after: () => void): void {
    const tracked: Promise<void> = work
      .catch((error: unknown) => {
        log("error", "outbox_work_failed", { message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        this.working.delete(tracked);
        after();
      });
    this.working.add(tracked);
  }

  /** Sets the stored alarm to the next wake-up, or removes it when there is nothing to wake for. */
  private reschedule(): void {
    const next = this.store.nextWake(this.mirrorsFrom, this.heldKinds());
    if (next === this.alarmAt) return;
    this.alarmAt = next;
    if (next === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(next);
  }

  /**
   * Mirrors to KV the commits whose audit events came after the mirror's cursor: each key once per
   * pass, from storage as it is now; the cursor moves only when every write of the pass landed.
   */
  private async mirror(now: number): Promise<void> {
    if (now < this.mirrorsFrom) return;
    const cursor = this.store.mirrorCursor();
    const oldestAt = this.store.unmirroredSince(cursor);
    if (oldestAt === null) return;
    const events = this.store.unmirrored(
      cursor,
      now - MIRROR_DELAY_MS,
      mirrorBatch(now, this.lastReceivedAt, oldestAt),
    );
    const last = events.at(-1);
    if (last === undefined) return;
    const keys = new Map<string, string | null>();
    for (const event of events) {
      keys.set(deploymentKey(event.sha), event.sha);
      if (event.kind === "production_live") keys.set(CURRENT_KEY, null);
    }
    // Read and written a slice at a time, so notifications arriving meanwhile are not kept waiting;
    // the next pass comes a second after this one ends (meanwhile only a fallback wake-up, in case
    // the isolate is lost mid-pass).
    this.mirrorsFrom = Date.now() + LEASE_MS;
    let pause = MIRROR_RETRY_MS;
    try {
      const entries = [...keys];
      for (let start = 0; start < entries.length; start += MIRROR_SLICE) {
        const slice = entries.slice(start, start + MIRROR_SLICE).map(([key, sha]) => {
          const value = sha === null ? (this.store.live() ?? "") : this.store.mirrorValue(sha);
          return writeMirror(this.env.AUDIT, key, value);
        });
        const failure = (await Promise.all(slice)).find((result) => !result.ok);
        if (failure !== undefined && !failure.ok) {
          log("warn", "mirror_failed", { error: failure.error, keys: keys.size });
          return;
        }
      }
      this.ctx.storage.transactionSync(() => this.store.setSetting("mirror_cursor", String(last.id)));
      pause = MIRROR_DELAY_MS;
    } finally {
      this.mirrorsFrom = Date.now() + pause;
    }
  }

  private async perform(row: OutboxRow, reclaimed: boolean): Promise<void> {
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
        const result = await compareCommits(this.config.github, live, sha);
        return this.settle(
          row,
          result,
          (relation: Relation) => ({ kind: "ordered", sha, live, relation }),
          (error) => ({
            kind: "order_failed",
            sha,
            error,
          }),
        );
      }
      case "alert": {
        const result = await sendAlert(
          String(payload.url),
          payload.alert as Alert,
          Number(payload.raised_at),
          row.key,
          await this.alertKey(),
          this.config.githubServerUrl,
        );
        this.ctx.storage.transactionSync(() => this.conclude(row, result, Date.now()));
        return;
      }
      default: {
        const unknown = failed(false, `unknown outbox kind ${row.kind}`);
        this.ctx.storage.transactionSync(() => this.conclude(row, unknown, Date.now()));
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
    const { sha, dispatchId } = request;
    const accepted = (run: DispatchedRun): EffectInput => ({
      kind: "dispatch_accepted",
      sha,
      runId: run.runId,
      runUrl: run.runUrl,
    });
    // A lost isolate's call went out at least a lease ago, if it went out at all.
    const since = row.looking_since ?? (reclaimed && row.attempts > 0 ? Date.now() - LEASE_MS : null);
    if (since !== null) {
      const found = await findDispatchedRun(
        this.config.github,
        dispatchId,
        row.created_at,
        this.store.refusedRuns(sha),
      );
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
        this.ctx.storage.transactionSync(() => this.store.lookAgainAt(row.id, next, since, row.lookups + 1, note, now));
        return;
      }
    }
    const attempts = this.ctx.storage.transactionSync(() => this.store.countAttempt(row.id));
    const askRunDetails = this.store.setting("run_details") !== "refused";
    const result = await dispatchProduction(this.config.github, request, askRunDetails);
    if (result.runDetailsRefused === true) this.store.setSetting("run_details", "refused");
    const sent = { ...row, attempts };
    if (!result.ok && result.ambiguous === true && attempts < (MAX_ATTEMPTS.dispatch ?? 10)) {
      const now = Date.now();
      const note = `${result.error}; looking for run ${dispatchId} before sending again`;
      log("warn", "effect_failed", { kind: row.kind, sha, attempt: attempts, error: result.error, final: false });
      this.ctx.storage.transactionSync(() =>
        this.store.lookAgainAt(
          row.id,
          Math.max(nextLookAt(now, 0, now) ?? now, result.notBefore ?? 0),
          now,
          0,
          note,
          now,
        ),
      );
      return;
    }
    return this.settle(sent, result, accepted, (error) => ({
      kind: "dispatch_failed",
      sha,
      error: `${error} (after ${attempts} attempt(s))`,
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
    this.ctx.storage.transactionSync(() => {
      const state = this.conclude(row, result, now);
      if (state === "done" && result.ok) this.applyInput(onSuccess(result.value), now);
      if (state === "failed" && !result.ok) this.applyInput(onFailure(result.error), now);
    });
  }

  /** Writes one attempt's outcome on its entry (done, retry later, failed for good) and logs it. */
  private conclude<T>(row: OutboxRow, result: Attempt<T>, now: number): "done" | "retry" | "failed" | "settled" {
    const final = !result.ok && (!result.retryable || row.attempts >= (MAX_ATTEMPTS[row.kind] ?? 5));
    let state: "done" | "retry" | "failed";
    let changed: boolean;
    if (result.ok) {
      state = "done";
      changed = this.store.finish(row.id, now);
    } else if (!final) {
      state = "retry";
      const at = nextAttemptAt(row.attempts, now, result.notBefore, Math.random());
      changed = this.store.retryAt(row.id, at, result.error, now);
    } else {
      state = "failed";
      changed = this.store.fail(row.id, result.error, now);
    }
    if (!result.ok) {
      log("warn", "effect_failed", { kind: row.kind, sha: row.sha, attempt: row.attempts, error: result.error, final });
    } else {
      log("info", "effect_done", { kind: row.kind, sha: row.sha, attempt: row.attempts });
    }
    return changed ? state : "settled";
  }

  private applyInput(input: EffectInput, now: number): void {
    const outcome = decide(this.store.state(input.sha), input);
    this.store.apply(outcome, now, null, this.config.notificationEndpoints);
    log("info", "pipeline_decision", { input: input.kind, sha: input.sha, decision: outcome.decision });
  }

  private alertKey(): Promise<CryptoKey | null> {
    const secret = this.config.alertSigningSecret;
    if (secret === null) return Promise.resolve(null);
    this.signingKey ??= importSecret(secret);
    return this.signingKey;
  }
}
