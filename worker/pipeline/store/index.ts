// The Pipeline's storage: a class per table (deliveries, deployments, events, outbox, settings),
// each with its queries and its next wake time, and this Store, which writes a policy outcome
// across them. Methods are synchronous and run inside the Durable Object's transactions, so a state
// change, its audit events and its outbox entries commit together.
import type { DeploymentView, Environment } from "../../protocol";
import { MIRROR_DELAY_MS } from "../mirror/pace";
import type { Effect, Outcome, PipelineState } from "../model";
import { SLOT_STATUSES, WAITING_STATUSES } from "../model";
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

  constructor(private readonly sql: SqlStorage) {
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
  state(sha: string, runs = false): PipelineState {
    return policyState(
      sha,
      this.deployments.forState(sha),
      {
        frozen: this.settings.get("frozen") === "true",
        onHold: this.settings.get("on_hold") === "true",
        neverPromote: this.settings.get(`never_promote:${sha}`) !== null,
      },
      runs ? this.events.refusedRuns(sha) : [],
    );
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
      (effect) => effect.kind !== "settle_dispatch" && (effect.kind !== "alert" || endpoints.length > 0),
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
        this.outbox.insert("compare", effect.sha, { live: effect.live, sha: effect.sha }, now);
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
   * When the alarm should next wake: the earliest of the tables' wake times — an outbox entry due
   * (but of the `held` kinds), the next mirror write (not before `mirrorsFrom`), the next delivery
   * to forget.
   */
  nextWake(mirrorsFrom: number, held: readonly string[] = []): number | null {
    const unmirrored = this.events.oldestAfter(this.mirrorCursor());
    const candidates = [
      this.outbox.nextWake(held),
      unmirrored === null ? null : Math.max(unmirrored + MIRROR_DELAY_MS, mirrorsFrom),
      this.deliveries.nextWake(),
    ].filter((at): at is number => at !== null);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /** Forgets deliveries past the replay window by far, and finished outbox entries. */
  prune(now: number): void {
    this.deliveries.prune(now);
    this.outbox.prune(now);
  }

  /** The pipeline at a glance: live commit, the slot, the waiting queue, freeze, outbox health. */
  pipeline() {
    const production = this.deployments.open();
    const slot = production.find((row) => SLOT_STATUSES.includes(row.status as never));
    return {
      live: production.find((row) => row.status === "live")?.sha ?? null,
      in_flight:
        slot === undefined ? null : { sha: slot.sha, status: slot.status, run_id: slot.run_id, run_url: slot.run_url },
      queue: production
        .filter((row) => WAITING_STATUSES.includes(row.status as never))
        .map((row) => ({ sha: row.sha, status: row.status })),
      frozen: this.settings.get("frozen") === "true",
      on_hold: this.settings.get("on_hold") === "true",
      outbox: this.outbox.counts(),
      mirror_behind: this.events.countAfter(this.mirrorCursor()),
    };
  }
}
