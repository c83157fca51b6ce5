// The Pipeline Durable Object: the single writer and source of truth for one repository. Every
// input — a notification, an effect's result (and, later, an operator's command) — takes the one
// apply path: decided by the pure policy and written in one transaction with its outbox entries.
// Effects are attempted at once after the commit (outbox/), the alarm retries what failed, and the
// alarm's mirror pass (mirror/) copies the records to KV.
import { DurableObject } from "cloudflare:workers";
import { type Config, configOf } from "../config";
import type { Attempt } from "../effects/attempt";
import type { GitHub } from "../effects/github";
import type { Token } from "../effects/github-credentials";
import { log } from "../log";
import {
  DECISIONS,
  type Decision,
  type Environment,
  environmentOf,
  type IntakeAnswer,
  isOneOf,
  type Notification,
} from "../protocol";
import { commitsStartingWith } from "./commits";
import { pipelineGitHub } from "./github-token";
import { GroupCommit } from "./group-commit";
import { MIRROR_DELAY_MS } from "./mirror/pace";
import { MirrorPass } from "./mirror/pass";
import type {
  Command,
  CommandContext,
  Effect,
  EffectInput,
  Operator,
  Outcome,
  PolicyDecision,
  PolicyInput,
  Refusal,
} from "./model";
import { LEASE_MS, OutboxEffects } from "./outbox/effects";
import { decide } from "./policy";
import { MILESTONES, overBudget, phasesOf } from "./policy/budget";
import { rollbackTarget } from "./policy/commands";
import { isStuck, stuckNotice } from "./policy/stuck";
import { BLOCK_PREFIX, blockOf, FREEZE, HOLD, ROLLED_BACK_PREFIX } from "./policy/switches";
import { commitRecord, listDeployments, listEvents } from "./records";
import { migrate } from "./schema";
import { Store } from "./store";
import { type MetricFacts, metricFacts } from "./store/metrics";
import { WatchPass } from "./watch/pass";

/** Outbox entries worked at once, at most. */
const BATCH = 25;

/** A notification's answer: its status, its decision (for the log line) and the body, JSON text. */
export interface Received {
  readonly status: 200 | 202;
  readonly decision: Decision;
  readonly body: string;
}

/** A repeat of a command with this key, route and actor within 24 h answers the first answer again. */
const IDEMPOTENCY_MS = 24 * 60 * 60 * 1000;

/** A command's Idempotency-Key, where it was sent, and its body as sent. */
export interface Idempotency {
  readonly key: string;
  readonly route: string;
  readonly body: string;
}

/** A command's answer: its decision, the commit's record and the overview; or why it was refused. */
export type CommandAnswer =
  | { readonly refusal: Refusal }
  | {
      readonly decision: PolicyDecision;
      readonly deployment: ReturnType<typeof commitRecord>;
      readonly pipeline: ReturnType<Store["pipeline"]>;
    };

interface Arrival {
  readonly delivery: string;
  readonly notification: Notification;
}

export class Pipeline extends DurableObject<Env> {
  private readonly store: Store;
  private readonly config: Config;
  /** GitHub with this object's credentials (an App's installation token is kept in its storage). */
  private readonly github: GitHub;
  private readonly outbox: OutboxEffects;
  private readonly mirror: MirrorPass;
  private readonly watch: WatchPass;
  /** Outbox entries being worked now, each on its own: a slow one never holds up another. */
  private readonly working = new Set<Promise<void>>();
  private alarmAt: number | null = null;
  /** Notifications received and not yet recorded: recorded together on the next turn. */
  private readonly arrivals = new GroupCommit(({ delivery, notification }: Arrival) =>
    this.recordNotification(delivery, notification),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = configOf(env);
    this.store = new Store(ctx.storage.sql, this.config.holdOnProductionFailure);
    const transact = <T>(write: () => T): T => ctx.storage.transactionSync(write);
    this.github = pipelineGitHub(this.config.github, this.store.settings, transact);
    const host = {
      store: this.store,
      config: this.config,
      github: this.github,
      transact,
      apply: (input: EffectInput, now: number) => {
        const { outcome } = this.apply(input, null, now);
        log(levelOf(outcome), "pipeline_decision", { input: input.kind, sha: sha(input), decision: outcome.decision });
      },
    };
    this.outbox = new OutboxEffects(host);
    this.watch = new WatchPass(host);
    this.mirror = new MirrorPass(this.store, env.AUDIT, transact, LEASE_MS);
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
   * The one apply path (inside a transaction): decide `input` on the state it is about, write the
   * outcome. `immediate` when it enqueued an effect to attempt at once.
   */
  private apply(input: PolicyInput, delivery: string | null, now: number): { outcome: Outcome; immediate: boolean } {
    // A production run's start and result are judged against the runs the gate refused before.
    const runs = input.kind === "notification" && environmentOf(input.notification.event) === "production";
    const outcome = decide(this.store.state(sha(input), runs), input);
    let immediate = this.store.apply(outcome, now, delivery, this.config.notificationEndpoints);
    for (const change of outcome.changes) {
      if (change.environment === "production" && change.status === "live") immediate ||= this.timeLive(change.sha, now);
    }
    return { outcome, immediate };
  }

  /**
   * A commit went live: its phases on its record, and over DEPLOY_BUDGET_MINUTES (less the wait for
   * reviewers) an audit event and an info alert. True when it enqueued the alert.
   */
  private timeLive(sha: string, now: number): boolean {
    const row = this.store.deployments.production(sha);
    if (row === null) return false;
    const waiting = row.review === "waiting for review" && row.review_since !== null ? now - row.review_since : 0;
    const { phases, automatic } = phasesOf(this.store.events.ofKinds(sha, MILESTONES), row.review_ms + waiting, now);
    this.store.deployments.setPhases(sha, phases);
    const over = overBudget(sha, phases, automatic, this.config.budgetMs);
    if (over === null) return false;
    log("warn", "over_budget", { sha, budget_s: phases.budget_s, total_s: phases.total_s });
    const outcome: Outcome = {
      decision: "recorded",
      changes: [],
      events: [over.event],
      effects: [{ kind: "alert", alert: over.alert }],
    };
    return this.store.apply(outcome, now, null, this.config.notificationEndpoints);
  }

  /**
   * One notification, in its own transaction: the first answer for a repeated delivery, else decide
   * and write. The answer comes back as the JSON text kept for repeats, so it is serialized once.
   */
  private recordNotification(delivery: string, notification: Notification): Received {
    const now = Date.now();
    let immediate = false;
    const received = this.ctx.storage.transactionSync((): Received => {
      const first = this.store.deliveries.answerOf(delivery);
      if (first !== null) {
        return { status: 200, decision: (JSON.parse(first) as IntakeAnswer).decision, body: first };
      }
      const applied = this.apply({ kind: "notification", notification }, delivery, now);
      this.store.deployments.noteCommitted(notification.commit_sha, notification.commit_timestamp);
      const { outcome } = applied;
      immediate = applied.immediate;
      const decision = wireDecision(outcome.decision);
      const answer: IntakeAnswer = {
        delivery,
        decision,
        ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
        deployment: this.store.view(notification.commit_sha, environmentOf(notification.event)),
      };
      const body = JSON.stringify(answer);
      this.store.deliveries.remember(delivery, body, now);
      return { status: 202, decision, body };
    });
    if (received.status === 202) this.mirror.received(now);
    if (immediate) this.kick(now);
    else if (received.status === 202) this.ensureAlarm(now + MIRROR_DELAY_MS);
    return received;
  }

  /**
   * An operator's command, in its own transaction on the one apply path: refused (nothing written,
   * the refusal returned), or decided and written; the answer carries the commit's record (when the
   * command is about one) and the pipeline's overview.
   */
  async command(
    command: Command,
    operator: Operator,
    reason: string,
    idempotency: Idempotency | null = null,
  ): Promise<CommandAnswer> {
    const now = Date.now();
    let immediate = false;
    const key = idempotency === null ? null : `idempotency:${idempotency.route}:${operator.actor}:${idempotency.key}`;
    const answer = this.ctx.storage.transactionSync((): CommandAnswer => {
      const first = key === null ? null : this.store.deliveries.answerSince(key, now - IDEMPOTENCY_MS);
      if (first !== null) {
        const kept = JSON.parse(first) as { body: string; answer: CommandAnswer };
        if (kept.body === idempotency?.body) return kept.answer;
        return {
          refusal: {
            status: 422,
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used in the last 24 h for another body: use a new key for a new command",
          },
        };
      }
      const blocked = this.store.settings.withPrefix(BLOCK_PREFIX).map((name) => name.slice(BLOCK_PREFIX.length));
      const context = this.commandContext(command);
      const sha =
        command.kind === "rollback"
          ? rollbackTarget(command.to, context, blocked)
          : "sha" in command
            ? command.sha
            : null;
      const target = sha === null ? context : { ...context, block: this.store.switchOf(blockOf(sha)) };
      const input: PolicyInput = { kind: "command", command, operator, reason, context: target };
      const outcome = decide(this.store.state(sha ?? "", false, now), input);
      if (outcome.refusal !== undefined) return { refusal: outcome.refusal };
      immediate = this.store.apply(outcome, now, null, this.config.notificationEndpoints);
      log("info", "operator_command", {
        command: command.kind,
        sha,
        actor: operator.actor,
        via: operator.via,
        decision: outcome.decision,
      });
      const accepted: CommandAnswer = {
        decision: outcome.decision,
        deployment: sha === null ? null : commitRecord(this.ctx.storage.sql, sha),
        pipeline: this.store.pipeline(),
      };
      // Refusals are not remembered: a refused command may be sent again with its key.
      if (key !== null)
        this.store.deliveries.remember(key, JSON.stringify({ body: idempotency?.body, answer: accepted }), now);
      return accepted;
    });
    if (immediate) this.kick(now);
    else if ("decision" in answer) this.ensureAlarm(now + MIRROR_DELAY_MS);
    this.reschedule();
    return answer;
  }

  private commandContext(command: Command): CommandContext {
    return {
      freeze: this.store.switchOf(FREEZE),
      hold: this.store.switchOf(HOLD),
      block: null,
      formerlyLive: command.kind === "rollback" ? this.store.deployments.formerlyLive() : [],
      rolledBackFrom: this.store.settings
        .withPrefix(ROLLED_BACK_PREFIX)
        .map((name) => name.slice(ROLLED_BACK_PREFIX.length)),
    };
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

  /** The audit trail newest first, of one commit or all (see listEvents). */
  async events(filter: { sha: string | null; limit: number; cursor: number | null }) {
    return listEvents(this.store.events, filter);
  }

  /** The known commits whose SHA starts with `prefix` (lowercase hex), in SHA order, at most `limit`. */
  async commitsStartingWith(prefix: string, limit = 11): Promise<string[]> {
    return commitsStartingWith(this.ctx.storage.sql, prefix, limit);
  }

  /** How the pipeline moves, for the public /health: counts and ages only (seconds), never a SHA. */
  async monitor(): Promise<{ stuck: number; oldest_stuck_s: number | null; oldest_pending_s: number | null }> {
    const now = Date.now();
    const stuck = this.store.deployments.stuckCount();
    const pending = this.store.outbox.oldestPending();
    return {
      stuck: stuck.count,
      oldest_stuck_s: stuck.oldest === null ? null : Math.round((now - stuck.oldest) / 1000),
      oldest_pending_s: pending === null ? null : Math.round((now - pending) / 1000),
    };
  }

  /** The facts /metrics computes from, between `since` and `until` (ms): read from that window only. */
  async metricFacts(since: number, until: number): Promise<MetricFacts> {
    return metricFacts(this.ctx.storage.sql, since, until);
  }

  /** A token for the worker's own GitHub calls (an emergency's compare): the App's kept token. */
  async githubToken(): Promise<Attempt<Token>> {
    return this.github.credentials.token();
  }

  /** GitHub refused `token` (401) to the worker: it is dropped. */
  async githubTokenRefused(token: string): Promise<void> {
    await this.github.credentials.refused(token);
  }

  /** Proves the object and its storage answer (for /health). */
  async ping(): Promise<boolean> {
    return this.ctx.storage.sql.exec<{ ok: number }>("SELECT 1 AS ok").one().ok === 1;
  }

  /**
   * The cron: reconcile the run in flight with GitHub (whatever its schedule, but during a rate
   * limit), look for stuck deployments (counting repeats), work what is due, set the alarm.
   */
  async tick(): Promise<void> {
    const now = Date.now();
    this.store.prune(now);
    this.endFreeze(now);
    this.startWatch(now, true);
    this.sweep(now, true);
    await this.pump();
  }

  /** Asks GitHub about the run in flight when due; what its outcome enqueued starts after. */
  private startWatch(now: number, cron: boolean): void {
    const asked = this.watch.run(now, cron);
    if (asked !== null) this.track(asked, () => this.ctx.waitUntil(this.pump()));
  }

  /**
   * Marks the deployments that stopped moving for STUCK_AFTER_MINUTES: the first time with an audit
   * event and an alert, after that (on the cron) a repeat counted on the record.
   */
  private sweep(now: number, cron: boolean): void {
    const after = this.config.stuckAfterMs;
    let immediate = false;
    this.ctx.storage.transactionSync(() => {
      const events = [];
      const effects: Effect[] = [];
      // Marked already and still not moving: the cron counts a repeat on the record.
      if (cron) {
        for (const row of this.store.deployments.stuck()) {
          this.store.deployments.markStuck(row.sha, row.environment, row.moved_at);
        }
      }
      for (const row of this.store.deployments.overdue(now - after)) {
        const movable = { ...row, environment: environmentOfRow(row.environment) };
        if (!isStuck(movable, now, after)) continue;
        this.store.deployments.markStuck(row.sha, row.environment, row.moved_at);
        const notice = stuckNotice(movable, now, after);
        events.push(notice.event);
        effects.push({ kind: "alert", alert: notice.alert });
        log("warn", "deployment_stuck", { sha: row.sha, environment: row.environment, status: row.status });
      }
      if (events.length === 0) return;
      const outcome: Outcome = { decision: "recorded", changes: [], events, effects };
      immediate = this.store.apply(outcome, now, null, this.config.notificationEndpoints);
    });
    if (immediate) this.kick(now);
  }

  /** When the next deployment would become stuck, or null: one indexed lookup. */
  private nextStuck(): number | null {
    const earliest = this.store.deployments.earliestMoving();
    return earliest === null ? null : earliest + this.config.stuckAfterMs;
  }

  /** A freeze with an `until` that has come ends, on the record, by internalbf. */
  private endFreeze(now: number): void {
    const until = this.store.switchOf(FREEZE)?.until ?? null;
    if (until === null || until > now) return;
    void this.command(
      { kind: "unfreeze" },
      { actor: "internalbf", via: "alarm" },
      `the freeze ended at ${new Date(until).toISOString()}`,
    );
  }

  override async alarm(): Promise<void> {
    // This alarm is spent when the handler returns: keep a stored fallback until the work it
    // starts has rescheduled, so an isolate lost meanwhile still wakes again.
    this.alarmAt = null;
    const now = Date.now();
    this.ensureAlarm(now + LEASE_MS);
    this.store.prune(now);
    this.endFreeze(now);
    this.sweep(now, false);
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
   * starts at once. Starts a mirror pass unless one runs. Resolves when the work in flight now is done.
   */
  private pump(): Promise<void> {
    const now = Date.now();
    this.startWatch(now, false);
    for (const { row, reclaimed } of this.outbox.claim(now, BATCH - this.working.size)) {
      this.track(this.outbox.perform(row, reclaimed), () => this.ctx.waitUntil(this.pump()));
    }
    const pass = this.mirror.start(now);
    if (pass !== null) this.track(pass, () => this.reschedule());
    this.reschedule();
    return Promise.all([...this.working]).then(() => undefined);
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
    const next = this.store.nextWake(this.mirror.notBefore, this.outbox.held(), [
      this.watch.nextAt(),
      this.nextStuck(),
    ]);
    if (next === this.alarmAt) return;
    this.alarmAt = next;
    if (next === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(next);
  }
}

/** A notification's decision as the wire names it; the policy answering one with another word is a bug. */
function wireDecision(decision: PolicyDecision): Decision {
  if (!isOneOf(DECISIONS, decision)) throw new Error(`the policy answered a notification with ${decision}`);
  return decision;
}

/** A decision's log level: what a person must look at is a warning. */
function levelOf(outcome: Outcome): "info" | "warn" {
  return outcome.decision === "alerted" || outcome.decision === "rejected" ? "warn" : "info";
}

function environmentOfRow(environment: string): Environment {
  return environment === "staging" ? "staging" : "production";
}

/** The commit an input is about ("" for a command about the pipeline). */
function sha(input: PolicyInput): string {
  if (input.kind === "notification") return input.notification.commit_sha;
  if (input.kind === "command") return "sha" in input.command ? input.command.sha : "";
  return input.sha;
}
