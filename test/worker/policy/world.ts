// A small model of the world around the policy, for property tests: an in-memory store that keeps
// rows and settings and derives the policy's state the way the Durable Object's does, operators'
// commands built the way the Pipeline builds them, GitHub answering from a linear history (late,
// repeated, in any order), and production runs that report back. It checks the properties while it
// applies each input, and takes the policy as a parameter, so a deliberately broken one can be shown
// to be caught.
import type {
  AuditEvent,
  Command,
  CommandContext,
  Deployment,
  Effect,
  EffectInput,
  Operator,
  Outcome,
  PipelineState,
  PolicyInput,
  ProductionDeployment,
  QueuedCommand,
  Switch,
} from "../../../worker/pipeline/model";
import { SLOT_STATUSES, WAITING_STATUSES } from "../../../worker/pipeline/model";
import { decide as policy } from "../../../worker/pipeline/policy";
import {
  blockOf,
  COMMAND_QUEUE,
  FREEZE,
  HOLD,
  rollbackTarget,
  rolledBackOf,
} from "../../../worker/pipeline/policy/commands";
import { REDEPLOY } from "../../../worker/pipeline/policy/switches";
import { policyState } from "../../../worker/pipeline/state";
import type { Notification, Status } from "../../../worker/protocol";
import { notification } from "../support/notify";
import { productionResult, productionStarted, sha, stagingResult } from "./builders";

/** The policy, or a deliberately broken wrapper of it. */
export type Decide = (state: PipelineState, input: PolicyInput) => Outcome;

/** What the World checks, each on its own. */
export type Property =
  /** No commit is dispatched or goes live without a staging success for it, or a rollback or an emergency on the record. */
  | "staged_or_rescued"
  /** Nothing is dispatched automatically while frozen or on hold. */
  | "still_while_frozen_or_held"
  /** A blocked commit is never dispatched but by an emergency. */
  | "blocked_stays_out"
  /** A rollback always sets the hold, and only a release ends it. */
  | "rollback_holds"
  /** After a release or an unfreeze, the newest waiting success ahead of live is promoted. */
  | "release_promotes_newest"
  /** One decision is never dispatched twice. */
  | "dispatched_once"
  /** Every command carried out leaves an audit event with the operator's actor, via and reason. */
  | "commands_on_record"
  /** A refused command changes nothing. */
  | "refusal_changes_nothing"
  /** Never two commits in the production slot. */
  | "one_slot"
  /** Production never moves to an older commit but by an operator's command or an emergency run. */
  | "live_moves_forward"
  /** A hand-run of the production workflow is never approved and changes nothing. */
  | "hand_run_changes_nothing"
  /** Once GitHub and production have answered everything, no command is left waiting for the slot. */
  | "nothing_waits_forever";

export interface Violation {
  readonly property: Property;
  readonly message: string;
}

interface Row {
  id: number;
  status: string;
  run_id: number | null;
  dispatch_id: string | null;
  /** Order of the last write (the store's `updated_at`). */
  updated: number;
}

/** An effect waiting in the outbox; a dispatch with the id the store gave its decision. */
type Work =
  | Extract<Effect, { readonly kind: "compare" }>
  | (Extract<Effect, { readonly kind: "dispatch" }> & { readonly dispatchId: string });

export interface Run {
  readonly sha: string;
  readonly runId: number;
  readonly dispatchId: string;
}

/** What the checks compare an outcome with: the world just before it. */
interface Before {
  readonly settings: ReadonlyMap<string, string>;
  readonly statuses: ReadonlyMap<string, string>;
  readonly queue: readonly QueuedCommand[];
  readonly waiting: readonly { readonly sha: string; readonly id: number }[];
  readonly slot: string | null;
}

/** Commands that send their commit to production. */
const SENDING: readonly Command["kind"][] = ["promote", "rollback", "emergency", "retry"];
/** The statuses of a decision still in flight: dispatched and not yet finished. */
const IN_FLIGHT = ["dispatching", "dispatched", "deploying"];
const START = 1_800_000_000_000;

export class World {
  readonly staging = new Map<string, Row>();
  readonly production = new Map<string, Row>();
  readonly settings = new Map<string, string>();
  readonly events: AuditEvent[] = [];
  readonly pending: Work[] = [];
  /** GitHub's answers to effects worked, not yet delivered (they may come late, repeated, in any order). */
  readonly answers: EffectInput[] = [];
  readonly runs: Run[] = [];
  /** Every dispatch, in order. */
  readonly dispatches: { readonly sha: string; readonly triggeredBy: string }[] = [];
  readonly stagingSuccesses = new Set<string>();
  /** Commits an accepted rollback or emergency command, or an emergency run, sent to production. */
  readonly rescued = new Set<string>();
  /** Commits an operator sent to production (promote, rollback, emergency) or an emergency run deployed. */
  readonly steered = new Set<string>();
  readonly violations: Violation[] = [];
  private lastLive: string | null = null;
  private now = START;
  private writes = 0;
  private nextId = 1;
  private nextRun = 100;
  private nextDispatch = 1;

  constructor(
    private readonly decide: Decide = policy,
    /** HOLD_ON_PRODUCTION_FAILURE (the store's default: true). */
    private readonly holdOnFailure = true,
  ) {}

  /** Position of a commit in main's history (its number). */
  static position(commit: string): number {
    return Number.parseInt(commit.slice(0, 8), 16);
  }

  /** The violations of one property, as messages. */
  violationsOf(property: Property): string[] {
    return this.violations.filter((v) => v.property === property).map((v) => v.message);
  }

  live(): string | null {
    for (const [commit, row] of this.production) if (row.status === "live") return commit;
    return this.settings.get(REDEPLOY) ?? null;
  }

  /** The commit holding the production slot, or null. */
  slot(): string | null {
    for (const [commit, row] of this.production) if (SLOT_STATUSES.includes(row.status as never)) return commit;
    return null;
  }

  commandQueue(): QueuedCommand[] {
    return JSON.parse(this.settings.get(COMMAND_QUEUE) ?? "[]") as QueuedCommand[];
  }

  /** A switch as set (freeze, hold, a block), or null: the store's `switchOf`. */
  switchOf(name: string): Switch | null {
    const value = this.settings.get(name);
    return value === undefined ? null : (JSON.parse(value) as Switch);
  }

  /** The policy's state about `commit`, derived from this world's rows and settings as the store does. */
  state(commit: string, runs = false): PipelineState {
    const rows: Deployment[] = [...this.production].map(([key, row]) => this.deployment(key, "production", row));
    const own = this.staging.get(commit);
    if (own !== undefined) rows.push(this.deployment(commit, "staging", own));
    return policyState(
      commit,
      rows,
      {
        frozen: this.settings.has(FREEZE),
        onHold: this.settings.has(HOLD),
        neverPromote: this.settings.has(blockOf(commit)),
        commandQueue: this.commandQueue(),
        holdOnFailure: this.holdOnFailure,
        redeploying: this.settings.get(REDEPLOY) ?? null,
      },
      runs ? this.refusedRuns(commit) : [],
      this.now,
    );
  }

  /** The runs of `commit` the gate refused, from the audit trail (the store's `refusedRuns`). */
  private refusedRuns(commit: string): number[] {
    return this.events.flatMap((event) =>
      event.sha === commit &&
      ["production_start_rejected", "production_start_duplicate"].includes(event.kind) &&
      typeof event.detail.run_id === "number"
        ? [event.detail.run_id]
        : [],
    );
  }

  private deployment(commit: string, environment: Deployment["environment"], row: Row): ProductionDeployment {
    return {
      sha: commit,
      environment,
      status: row.status as never,
      id: row.id,
      run_id: row.run_id,
      run_url: null,
      error: null,
      dispatch_id: row.dispatch_id,
    };
  }

  /** A notification, decided on the state about its commit (with the refused runs for production's). */
  notify(n: Notification): Outcome {
    if (n.event === "staging_deployment_complete" && n.status === "success") this.stagingSuccesses.add(n.commit_sha);
    const input: PolicyInput = { kind: "notification", notification: n };
    return this.record(input, this.state(n.commit_sha, n.event.startsWith("production")), null);
  }

  /** An effect's result, decided on the state about its commit. */
  answer(input: EffectInput): Outcome {
    return this.record(input, this.state(input.sha), null);
  }

  /**
   * An operator's command, built as the Pipeline's `command()` builds it: the switches as set,
   * production's past for a rollback, the target a rollback goes to, the block of the commit.
   */
  command(command: Command, operator: Operator, reason: string): Outcome {
    const names = [...this.settings.keys()];
    const named = (prefix: string) => names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
    const context: CommandContext = {
      freeze: this.switchOf(FREEZE),
      hold: this.switchOf(HOLD),
      block: null,
      formerlyLive: command.kind === "rollback" ? this.formerlyLive() : [],
      rolledBackFrom: named(rolledBackOf("")),
    };
    const subject =
      command.kind === "rollback"
        ? rollbackTarget(command.to, context, named(blockOf("")))
        : "sha" in command
          ? command.sha
          : null;
    const target = subject === null ? context : { ...context, block: this.switchOf(blockOf(subject)) };
    const input: PolicyInput = { kind: "command", command, operator, reason, context: target };
    return this.record(input, this.state(subject ?? ""), subject);
  }

  /** Commits that were live before, most recently retired first (the store's `formerlyLive`). */
  private formerlyLive(): string[] {
    return [...this.production]
      .filter(([, row]) => row.status === "retired")
      .sort(([, a], [, b]) => b.updated - a.updated)
      .map(([commit]) => commit);
  }

  /** The one apply path: decide, write the outcome (unless refused) as the store does, check it. */
  private record(input: PolicyInput, state: PipelineState, subject: string | null): Outcome {
    const before = this.before();
    const outcome = this.decide(state, input);
    this.now += 1000;
    if (outcome.refusal !== undefined) {
      const written = [outcome.changes, outcome.settings ?? [], outcome.events, outcome.effects].flat();
      if (written.length > 0)
        this.violate("refusal_changes_nothing", `a refused ${nameOf(input)} wrote ${written.length} things`);
      return outcome;
    }
    if (input.kind === "command" && subject !== null) {
      if (["rollback", "emergency"].includes(input.command.kind)) this.rescued.add(subject);
      if (["promote", "rollback", "emergency", "retry"].includes(input.command.kind)) this.steered.add(subject);
    }
    this.write(outcome);
    this.check(input, subject, before, outcome);
    return outcome;
  }

  private before(): Before {
    return {
      settings: new Map(this.settings),
      statuses: new Map([...this.production].map(([commit, row]) => [commit, row.status])),
      queue: this.commandQueue(),
      waiting: [...this.production]
        .filter(([, row]) => WAITING_STATUSES.includes(row.status as never))
        .map(([commit, row]) => ({ sha: commit, id: row.id })),
      slot: this.slot(),
    };
  }

  /** Writes an outcome the way the store's `apply()` does: rows, settings, events, effects. */
  private write(outcome: Outcome): void {
    for (const change of outcome.changes) {
      const table = change.environment === "staging" ? this.staging : this.production;
      const row = table.get(change.sha) ?? {
        id: this.nextId++,
        status: change.status,
        run_id: null,
        dispatch_id: null,
        updated: 0,
      };
      row.status = change.status;
      row.updated = ++this.writes;
      if (change.run_id !== undefined) row.run_id = change.run_id;
      table.set(change.sha, row);
    }
    for (const { name, value } of outcome.settings ?? []) {
      if (value === null) this.settings.delete(name);
      else this.settings.set(name, value);
    }
    this.events.push(...outcome.events);
    for (const effect of outcome.effects) {
      switch (effect.kind) {
        case "alert":
          break;
        case "settle_dispatch":
          this.drop((work) => work.kind === "dispatch" && work.sha === effect.sha);
          break;
        case "cancel_effects":
          this.drop((work) => work.sha === effect.sha);
          break;
        case "compare":
          this.pending.push(effect);
          break;
        case "dispatch": {
          // One decision, one id: the store gives it a fresh one, on the entry and the commit's row.
          const dispatchId = `ibf-world-${this.nextDispatch++}`;
          const row = this.production.get(effect.sha);
          if (row !== undefined) row.dispatch_id = dispatchId;
          this.pending.push({ ...effect, dispatchId });
          this.dispatches.push({ sha: effect.sha, triggeredBy: effect.triggeredBy });
          break;
        }
      }
    }
  }

  private drop(matches: (work: Work) => boolean): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const work = this.pending[i];
      if (work !== undefined && matches(work)) this.pending.splice(i, 1);
    }
  }

  private violate(property: Property, message: string): void {
    this.violations.push({ property, message });
  }

  /** The properties an outcome must keep, checked against the world before and after it. */
  private check(input: PolicyInput, subject: string | null, before: Before, outcome: Outcome): void {
    const what = nameOf(input);
    const command = input.kind === "command" ? input : null;
    const dispatches = outcome.effects.flatMap((effect) => (effect.kind === "dispatch" ? [effect] : []));
    const wentLive = outcome.changes.filter((c) => c.environment === "production" && c.status === "live");
    for (const commit of [...dispatches.map((d) => d.sha), ...wentLive.map((c) => c.sha)]) {
      if (!this.stagingSuccesses.has(commit) && !this.rescued.has(commit)) {
        this.violate("staged_or_rescued", `${what}: ${short(commit)} went to production without a staging success`);
      }
    }
    for (const dispatch of dispatches) this.checkDispatch(what, dispatch, dispatches, command, subject, before);
    this.checkHold(what, command, subject, before);
    if (command !== null) this.checkRecord(what, command, outcome);
    this.checkRelease(command, outcome, before, dispatches);
    this.checkProduction(what, before);
  }

  /** A dispatch: not automatic while stopped, not of a blocked commit, a new decision in flight alone. */
  private checkDispatch(
    what: string,
    dispatch: Extract<Effect, { readonly kind: "dispatch" }>,
    dispatches: readonly Extract<Effect, { readonly kind: "dispatch" }>[],
    command: Extract<PolicyInput, { kind: "command" }> | null,
    subject: string | null,
    before: Before,
  ): void {
    const commit = dispatch.sha;
    // Sent by an operator: the command's own commit, or a command that was waiting for the slot.
    const commanded =
      before.queue.some((queued) => queued.sha === commit) ||
      (command !== null && subject === commit && SENDING.includes(command.command.kind));
    const stopped = this.settings.has(FREEZE) ? "frozen" : this.settings.has(HOLD) ? "on hold" : null;
    if (stopped !== null && dispatch.triggeredBy === "internalbf-staging-success" && !commanded) {
      this.violate("still_while_frozen_or_held", `${what}: ${short(commit)} dispatched automatically while ${stopped}`);
    }
    // Blocked as the outcome leaves it: an unblock may send the commit in the same outcome.
    const blocked = this.settings.has(blockOf(commit));
    if (blocked && dispatch.triggeredBy !== "internalbf-emergency") {
      this.violate("blocked_stays_out", `${what}: blocked ${short(commit)} dispatched (${dispatch.triggeredBy})`);
    }
    const was = before.statuses.get(commit);
    if (was !== undefined && IN_FLIGHT.includes(was)) {
      this.violate("dispatched_once", `${what}: ${short(commit)} dispatched again while its dispatch was ${was}`);
    }
    if (dispatches.filter((d) => d.sha === commit).length > 1) {
      this.violate("dispatched_once", `${what}: ${short(commit)} dispatched twice by one outcome`);
    }
    if (this.production.get(commit)?.status !== "dispatching") {
      this.violate("dispatched_once", `${what}: ${short(commit)} dispatched without a new decision on its row`);
    }
  }

  /** A rollback leaves the hold on; only a release takes it off. */
  private checkHold(
    what: string,
    command: Extract<PolicyInput, { kind: "command" }> | null,
    subject: string | null,
    before: Before,
  ): void {
    if (command?.command.kind === "rollback" && !this.settings.has(HOLD)) {
      this.violate("rollback_holds", `${what}: the rollback to ${short(subject ?? "?")} did not set the hold`);
    }
    if (before.settings.has(HOLD) && !this.settings.has(HOLD) && command?.command.kind !== "release") {
      this.violate("rollback_holds", `${what}: the hold ended without a release`);
    }
  }

  /** A command carried out is on the record with who, how and why; one that changed nothing says so. */
  private checkRecord(what: string, command: Extract<PolicyInput, { kind: "command" }>, outcome: Outcome): void {
    const { actor, via } = command.operator;
    const onRecord = outcome.events.some((e) => e.actor === actor && e.via === via && e.reason === command.reason);
    const changed = [outcome.changes, outcome.settings ?? [], outcome.effects].flat().length > 0;
    if ((changed || outcome.decision !== "no_change") && !onRecord) {
      this.violate(
        "commands_on_record",
        `${what} (${outcome.decision}) left no audit event with actor, via and reason`,
      );
    }
    if (outcome.decision === "no_change" && (changed || outcome.events.length > 0)) {
      this.violate("commands_on_record", `${what} answered no_change but changed something`);
    }
  }

  /** One commit in the slot; production moves back only when an operator or an emergency run moved it. */
  private checkProduction(what: string, before: Before): void {
    const inSlot = (statuses: Iterable<string>) => [...statuses].filter((s) => SLOT_STATUSES.includes(s as never));
    const slots = [...this.production].filter(([, row]) => SLOT_STATUSES.includes(row.status as never));
    // Reported when it starts, not on every input after.
    if (slots.length > 1 && inSlot(before.statuses.values()).length < 2) {
      const commits = slots.map(([commit]) => short(commit)).join(" and ");
      this.violate("one_slot", `${what}: ${commits} hold the production slot`);
    }
    const live = this.live();
    if (live === null) return;
    const last = this.lastLive;
    if (last !== null && World.position(live) < World.position(last) && !this.steered.has(live)) {
      this.violate("live_moves_forward", `${what}: ${short(live)} replaced the newer ${short(last)}`);
    }
    this.lastLive = live;
  }

  /**
   * After a release or an unfreeze that lets automatic promotion go (nothing else stops it, the slot
   * is free, no command waits), the commit it promotes is the newest-received waiting one ahead of
   * live: found by letting git answer the orderings it starts, in a fork of this world.
   */
  private checkRelease(
    command: Extract<PolicyInput, { kind: "command" }> | null,
    outcome: Outcome,
    before: Before,
    dispatches: readonly { readonly sha: string }[],
  ): void {
    if (command === null || !["released", "unfrozen"].includes(outcome.decision)) return;
    if (this.settings.has(FREEZE) || this.settings.has(HOLD) || before.slot !== null || before.queue.length > 0) return;
    const live = this.live();
    const expected =
      [...before.waiting]
        .sort((a, b) => b.id - a.id)
        .find((row) => live === null || World.position(row.sha) > World.position(live))?.sha ?? null;
    const promoted = dispatches[0]?.sha ?? this.fork().orderUntilDispatch();
    if (promoted !== expected) {
      this.violate(
        "release_promotes_newest",
        `${nameOf(command)}: ${promoted === null ? "nothing" : short(promoted)} promoted, not ${expected === null ? "nothing" : short(expected)}`,
      );
    }
  }

  /** A copy of this world (same policy), to look ahead in. */
  private fork(): World {
    const copy = new World(this.decide, this.holdOnFailure);
    for (const [from, to] of [
      [this.staging, copy.staging],
      [this.production, copy.production],
    ] as const) {
      for (const [key, row] of from) to.set(key, { ...row });
    }
    for (const [key, value] of this.settings) copy.settings.set(key, value);
    copy.events.push(...this.events);
    copy.pending.push(...this.pending);
    copy.now = this.now;
    copy.writes = this.writes;
    copy.nextId = this.nextId;
    copy.nextDispatch = this.nextDispatch;
    return copy;
  }

  /** Git answers the pending orderings, one after another, until one is dispatched: its commit, or null. */
  private orderUntilDispatch(): string | null {
    for (let guard = 0; guard < 50; guard++) {
      const index = this.pending.findIndex((work) => work.kind === "compare");
      const [compare] = index < 0 ? [] : this.pending.splice(index, 1);
      if (compare === undefined || compare.kind !== "compare") return null;
      const outcome = this.answer(ordered(compare));
      const dispatch = outcome.effects.find((effect) => effect.kind === "dispatch");
      if (dispatch !== undefined) return dispatch.sha;
    }
    return null;
  }

  /** GitHub works the `index`-th pending effect (mod the count); its answer comes later. */
  work(index: number, dispatchFails: boolean): void {
    if (this.pending.length === 0) return;
    const [work] = this.pending.splice(index % this.pending.length, 1);
    if (work === undefined) return;
    if (work.kind === "compare") {
      this.answers.push(ordered(work));
    } else if (dispatchFails) {
      this.answers.push({
        kind: "dispatch_failed",
        sha: work.sha,
        error: "GitHub answered 500",
        dispatchId: work.dispatchId,
      });
    } else {
      const runId = this.nextRun++;
      this.runs.push({ sha: work.sha, runId, dispatchId: work.dispatchId });
      // As the outbox does: the answer names the decision it is about.
      this.answers.push({ kind: "dispatch_accepted", sha: work.sha, runId, runUrl: null, dispatchId: work.dispatchId });
    }
  }

  /** GitHub's `index`-th answer (mod the count) arrives; a repeated one stays to arrive again. */
  deliver(index: number, repeated: boolean): void {
    if (this.answers.length === 0) return;
    const at = index % this.answers.length;
    const answer = this.answers[at];
    if (answer === undefined) return;
    if (!repeated) this.answers.splice(at, 1);
    this.answer(answer);
  }

  /**
   * The `index`-th production run reports its start and result, or (reversed) its start again after
   * its result (a late redelivery). A run the gate stopped deploys nothing and reports `skipped`.
   */
  finishRun(index: number, status: Status, reversed: boolean, duplicate: boolean): void {
    if (this.runs.length === 0) return;
    const [run] = this.runs.splice(index % this.runs.length, 1);
    if (run === undefined) return;
    const n = World.position(run.sha);
    const started = productionStarted(n, run.runId, { dispatch_id: run.dispatchId });
    const result = (s: Status) => productionResult(n, s, run.runId, { dispatch_id: run.dispatchId });
    if (reversed) {
      // The workflow sends its result only after the gate's answer, so a result never comes before
      // its start is decided; what can come late is the start again (a redelivery, after the result).
      const decided = this.notify(started).decision === "approved";
      this.notify(result(decided ? status : "skipped"));
      this.notify(started);
      return;
    }
    const approved = this.notify(started).decision === "approved";
    const reported = result(approved ? status : "skipped");
    this.notify(reported);
    if (duplicate) this.notify(reported);
  }

  /**
   * Someone runs the production workflow by hand for commit `n` (no dispatch id): its start and its
   * result must change nothing in production, and it must never be approved.
   */
  handRun(n: number, status: Status): void {
    const before = JSON.stringify([...this.production]);
    const runId = 9000 + this.nextRun++;
    const start = productionStarted(n, runId, { dispatch_id: undefined });
    const judged = this.decide(this.state(sha(n), true), { kind: "notification", notification: start });
    if (judged.decision === "approved")
      this.violate("hand_run_changes_nothing", `a hand-run of ${short(sha(n))} was approved`);
    this.notify(start);
    this.notify(productionResult(n, status, runId, { dispatch_id: undefined }));
    if (JSON.stringify([...this.production]) !== before) {
      this.violate("hand_run_changes_nothing", `a hand-run of ${short(sha(n))} changed production`);
    }
  }

  /** An emergency run (the internalbf-down path) of commit `n` starts and reports. */
  emergencyRun(n: number, status: Status): void {
    this.rescued.add(sha(n));
    this.steered.add(sha(n));
    // The commit in the slot goes on as it was: its decision was taken before this run went live.
    for (const [commit, row] of this.production)
      if (SLOT_STATUSES.includes(row.status as never)) this.steered.add(commit);
    const runId = 8000 + this.nextRun++;
    const emergency = { emergency: true, details: "internalbf is down", run_id: runId, commit_sha: sha(n) };
    this.notify(notification({ ...emergency, event: "production_deployment_started", status: undefined }));
    this.notify(notification({ ...emergency, event: "production_deployment_complete", status }));
  }

  staged(n: number, status: Status): void {
    this.notify(stagingResult(n, status));
  }

  /**
   * Lets GitHub and production finish everything, successfully; then no command may still wait
   * for the slot, and (unless frozen or on hold) no commit may still wait.
   */
  drain(): void {
    for (let guard = 0; guard < 10_000; guard++) {
      if (this.answers.length > 0) this.deliver(0, false);
      else if (this.pending.length > 0) this.work(0, false);
      else if (this.runs.length > 0) this.finishRun(0, "success", false, false);
      else break;
    }
    const queue = this.commandQueue();
    if (queue.length > 0) {
      this.violate("nothing_waits_forever", `${queue.map((q) => short(q.sha)).join(", ")} still wait for the slot`);
    }
    const slot = this.slot();
    if (slot !== null) this.violate("nothing_waits_forever", `${short(slot)} still holds the slot`);
    if (!this.settings.has(FREEZE) && !this.settings.has(HOLD)) {
      const waiting = [...this.production].filter(([, row]) => WAITING_STATUSES.includes(row.status as never));
      for (const [commit, row] of waiting) {
        this.violate("nothing_waits_forever", `${short(commit)} still ${row.status}, nothing stopping it`);
      }
    }
  }
}

/** Git's answer to a compare on a linear history, `manual` kept from the compare. */
function ordered(compare: Extract<Effect, { readonly kind: "compare" }>): EffectInput {
  const from = World.position(compare.live);
  const to = World.position(compare.sha);
  return {
    kind: "ordered",
    sha: compare.sha,
    live: compare.live,
    relation: to > from ? "ahead" : to < from ? "behind" : "identical",
    ...(compare.manual === true ? { manual: true } : {}),
  };
}

/** A commit as the violations name it: its number. */
function short(commit: string): string {
  return `#${World.position(commit)}`;
}

/** An input as a violation names it. */
function nameOf(input: PolicyInput): string {
  switch (input.kind) {
    case "notification": {
      const n = input.notification;
      const emergency = n.emergency === true ? " (emergency)" : "";
      return `${n.event}${n.status === undefined ? "" : ` ${n.status}`}${emergency} of ${short(n.commit_sha)}`;
    }
    case "command": {
      const c = input.command;
      const target =
        "sha" in c ? ` ${short(c.sha)}` : c.kind === "rollback" && c.to !== null ? ` to ${short(c.to)}` : "";
      return `${c.kind}${target} by ${input.operator.actor}`;
    }
    case "ordered":
      return `ordered ${short(input.sha)} ${input.relation} ${short(input.live)}${input.manual === true ? " (manual)" : ""}`;
    default:
      return `${input.kind} of ${short(input.sha)}`;
  }
}

export { sha };
