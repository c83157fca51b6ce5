// The Pipeline's storage: a class per table (deliveries, deployments, events, outbox, settings),
// each with its queries and its next wake time, and this Store, which writes a policy outcome
// across them. Methods are synchronous and run inside the Durable Object's transactions, so a state
// change, its audit events and its outbox entries commit together.
import type { DeploymentView, Environment } from "../../protocol";
import { MIRROR_DELAY_MS } from "../mirror/pace";
import type { Effect, Outcome, PipelineState, QueuedCommand, Switch } from "../model";
import { SLOT_STATUSES, WAITING_STATUSES } from "../model";
import { blockOf, COMMAND_QUEUE, FREEZE, HOLD, REDEPLOY } from "../policy/switches";
import { commitRecord } from "../records";
import type { DeploymentRow } from "../rows";
import { policyState } from "../state";
import { Deliveries } from "./deliveries";
import { Deployments } from "./deployments";
import { Events } from "./events";
import { Outbox } from "./outbox";
import { Settings } from "./settings";

export type { OutboxRow } from "../rows";

/** The keys of the KV audit mirror. */
export const CURRENT_KEY = "production:current";
export const deploymentKey = (sha: string): string => `deployment:${sha}`;

export class Store {
  readonly deliveries: Deliveries;
  readonly deployments: Deployments;
  readonly events: Events;
  readonly outbox: Outbox;
  readonly settings: Settings;
  /** Rows written by the last apply(), for the answer's view without reading them again. */
  private readonly written = new Map<string, DeploymentRow>();

  constructor(
    private readonly sql: SqlStorage,
    /** A production failure puts automatic promotion on hold (HOLD_ON_PRODUCTION_FAILURE). */
    private readonly holdOnFailure = true,
  ) {
    this.deliveries = new Deliveries(sql);
    this.deployments = new Deployments(sql);
    this.events = new Events(sql);
    this.outbox = new Outbox(sql);
    this.settings = new Settings(sql);
  }

  /**
   * What the policy needs to decide about `sha`: one statement, settings from memory, and (for a
   * production run's notification, `runs`) the runs of `sha` the gate refused.
   */
  state(sha: string, runs = false, now = Date.now()): PipelineState {
    return policyState(
      sha,
      this.deployments.forState(sha),
      {
        frozen: this.settings.get(FREEZE) !== null,
        onHold: this.settings.get(HOLD) !== null,
        neverPromote: this.settings.get(blockOf(sha)) !== null,
        commandQueue: JSON.parse(this.settings.get(COMMAND_QUEUE) ?? "[]") as QueuedCommand[],
        holdOnFailure: this.holdOnFailure,
        redeploying: this.settings.get(REDEPLOY),
      },
      runs ? this.events.refusedRuns(sha) : [],
      now,
    );
  }

  /** The commit production runs: the live row's, or the live commit an emergency is deploying again. */
  live(): string | null {
    return this.deployments.live() ?? this.settings.get(REDEPLOY);
  }

  /** A switch as set (freeze, hold, a block), or null. */
  switchOf(name: string): Switch | null {
    const value = this.settings.get(name);
    return value === null ? null : (JSON.parse(value) as Switch);
  }

  /**
   * Writes an outcome: rows, settings, audit events (which the KV mirror follows), outbox entries
   * (alerts fan out per endpoint). True when it enqueued an effect to attempt at once (a dispatch,
   * a compare, an alert).
   */
  apply(outcome: Outcome, now: number, delivery: string | null, endpoints: readonly string[]): boolean {
    this.written.clear();
    for (const change of outcome.changes) this.remember(this.deployments.write(change, now));
    for (const { name, value } of outcome.settings ?? []) this.settings.set(name, value);
    for (const event of outcome.events) this.events.append(event, delivery, now);
    for (const effect of outcome.effects) this.enqueue(effect, now, endpoints, delivery);
    return outcome.effects.some(
      (effect) =>
        effect.kind !== "settle_dispatch" &&
        effect.kind !== "cancel_effects" &&
        (effect.kind !== "alert" || endpoints.length > 0),
    );
  }

  private remember(row: DeploymentRow | undefined): void {
    if (row !== undefined) this.written.set(`${row.sha}:${row.environment}`, row);
  }

  private enqueue(effect: Effect, now: number, endpoints: readonly string[], delivery: string | null): void {
    switch (effect.kind) {
      case "settle_dispatch":
        this.outbox.settleDispatch(effect.sha, now);
        return;
      case "cancel_effects":
        this.outbox.cancel(effect.sha, now);
        return;
      case "alert":
        this.events.append(
          {
            sha: effect.alert.sha,
            environment: effect.alert.environment,
            kind: "alert_raised",
            actor: "internalbf",
            detail: { alert: effect.alert.kind, endpoints: endpoints.length, summary: effect.alert.summary },
          },
          delivery,
          now,
        );
        endpoints.forEach((endpoint, index) => {
          this.outbox.insert(
            "alert",
            effect.alert.sha,
            { endpoint: index, url: endpoint, alert: effect.alert, raised_at: now },
            now,
          );
        });
        return;
      case "dispatch": {
        // One decision, one id: the run's name carries it, so internalbf knows its run from a hand-run.
        const dispatchId = `ibf-${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
        this.remember(this.deployments.setDispatchId(effect.sha, dispatchId));
        this.outbox.insert(
          "dispatch",
          effect.sha,
          { sha: effect.sha, triggered_by: effect.triggeredBy, dispatch_id: dispatchId },
          now,
        );
        return;
      }
      case "compare":
        this.outbox.insert(
          "compare",
          effect.sha,
          { live: effect.live, sha: effect.sha, ...(effect.manual === true ? { manual: true } : {}) },
          now,
        );
        return;
    }
  }

  /** A commit's row in one environment as the API shows it (as the last apply wrote it, when it did). */
  view(sha: string, environment: Environment): DeploymentView {
    return this.deployments.view(sha, environment, this.written.get(`${sha}:${environment}`));
  }

  /** The id of the last event mirrored to KV. */
  mirrorCursor(): number {
    return Number(this.settings.get("mirror_cursor") ?? 0);
  }

  /** A commit's mirror value: its record with its events (`deployment:<sha>`), without the outbox. */
  mirrorValue(sha: string): string {
    return JSON.stringify(
      commitRecord(this.sql, sha, { effects: false }) ?? { sha, staging: null, production: null, events: [] },
    );
  }

  /**
   * When the alarm should next wake: the earliest of the tables' wake times — the end of a freeze,
   * an outbox entry due (but of the `held` kinds), the next mirror write (not before `mirrorsFrom`),
   * the next delivery to forget.
   */
  nextWake(mirrorsFrom: number, held: readonly string[] = [], others: readonly (number | null)[] = []): number | null {
    const unmirrored = this.events.oldestAfter(this.mirrorCursor());
    const candidates = [
      this.switchOf(FREEZE)?.until ?? null,
      this.outbox.nextWake(held),
      unmirrored === null ? null : Math.max(unmirrored + MIRROR_DELAY_MS, mirrorsFrom),
      this.deliveries.nextWake(),
      ...others,
    ].filter((at): at is number => at !== null);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /** Forgets deliveries past the replay window by far, and finished outbox entries. */
  prune(now: number): void {
    this.deliveries.prune(now);
    this.outbox.prune(now);
  }

  /**
   * The pipeline at a glance: the live commit, the slot, the commits waiting (in the order they
   * would go: commands first, then the newest received), the blocked ones, the freeze and the hold
   * (null, or who set them, when and why), outbox health.
   */
  pipeline() {
    const production = this.deployments.open();
    const slot = production.find((row) => SLOT_STATUSES.includes(row.status as never));
    const queued = (JSON.parse(this.settings.get(COMMAND_QUEUE) ?? "[]") as QueuedCommand[]).map((entry) => entry.sha);
    const waiting = production.filter((row) => WAITING_STATUSES.includes(row.status as never));
    const live = production.find((row) => row.status === "live")?.sha ?? this.settings.get(REDEPLOY);
    // A command queued for the live commit (an emergency's redeploy) waits with its row still live.
    const order = [
      ...queued.flatMap((sha) =>
        production.filter(
          (row) => row.sha === sha && (WAITING_STATUSES.includes(row.status as never) || row.status === "live"),
        ),
      ),
      ...waiting.filter((row) => !queued.includes(row.sha)),
    ];
    return {
      live,
      in_flight:
        slot === undefined ? null : { sha: slot.sha, status: slot.status, run_id: slot.run_id, run_url: slot.run_url },
      waiting: order.map((row) => ({ sha: row.sha, status: row.status })),
      blocked: this.settings.withPrefix(blockOf("")).map((name) => name.slice(blockOf("").length)),
      frozen: switchView(this.switchOf(FREEZE)),
      on_hold: switchView(this.switchOf(HOLD)),
      stuck: this.deployments.stuck().map((row) => ({
        sha: row.sha,
        environment: row.environment,
        status: row.status,
        since: new Date(row.stuck_since as number).toISOString(),
        repeats: row.stuck_repeats,
      })),
      outbox: this.outbox.counts(),
      mirror_behind: this.events.countAfter(this.mirrorCursor()),
    };
  }
}

/** A switch as the overview shows it: since and until as ISO times. */
function switchView(value: Switch | null) {
  if (value === null) return null;
  return {
    since: new Date(value.since).toISOString(),
    until: value.until === null ? null : new Date(value.until).toISOString(),
    actor: value.actor,
    via: value.via,
    reason: value.reason,
  };
}
