// Collecting one decision's outcome: the rows it changes, its audit events, its effects.
import type { Notification } from "../../protocol";
import type {
  Alert,
  AlertKind,
  AuditEvent,
  Change,
  Effect,
  Operator,
  Outcome,
  PolicyDecision,
  ProductionStatus,
  Refusal,
  SettingChange,
} from "../model";
import { SLOT_STATUSES } from "../model";
import { REDEPLOY } from "./switches";

/** The actor of internalbf's own decisions. */
export const SYSTEM = "internalbf";

/** A commit as people read it: its first seven characters. */
export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** An alert about `sha`, its run link and details taken from the notification when there is one. */
export function alertOf(kind: AlertKind, sha: string, status: string, summary: string, n?: Notification): Alert {
  const environment = kind.startsWith("staging") ? "staging" : "production";
  return { kind, sha, environment, status, summary, details: n?.details ?? null, runUrl: n?.run_url ?? null };
}

/** The run a notification came from, as the audit trail keeps it. */
export function runOf(n: Notification): { run_id: number | null; run_attempt: number | null; run_url: string | null } {
  return { run_id: n.run_id ?? null, run_attempt: n.run_attempt ?? null, run_url: n.run_url ?? null };
}

/**
 * Collects an outcome; the last write to a row wins, so a row changed twice is written once. The
 * live commit an emergency deploys again (`redeploying`) stays live when its run leaves the slot
 * any other way than by going live (failed, abandoned, never dispatched): production still runs it.
 */
export class Builder {
  constructor(private readonly redeploying: string | null = null) {}

  private readonly changes = new Map<string, Change>();
  private readonly events: AuditEvent[] = [];
  private readonly effects: Effect[] = [];
  private readonly settings: SettingChange[] = [];

  staging(n: Notification, status: string): void {
    this.change({
      sha: n.commit_sha,
      environment: "staging",
      status,
      run_id: n.run_id ?? null,
      run_url: n.run_url ?? null,
      error: status === "failure" ? (n.details ?? "staging reported failure") : null,
    });
    this.event(n.commit_sha, "staging", `staging_${status}`, n.actor ?? "github", {
      ...runOf(n),
      details: n.details ?? null,
    });
  }

  production(sha: string, status: ProductionStatus, fields: Omit<Change, "sha" | "environment" | "status">): void {
    this.change({ ...fields, sha, environment: "production", status });
  }

  event(
    sha: string | null,
    environment: AuditEvent["environment"],
    kind: string,
    actor: string | undefined,
    detail: Record<string, unknown>,
  ): void {
    this.events.push({ sha, environment, kind, actor: actor ?? SYSTEM, detail });
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  alert(alert: Alert): void {
    this.effects.push({ kind: "alert", alert });
  }

  /** An operator's command on the record: who, how, why; of a commit, or of the pipeline (null). */
  operatorEvent(
    sha: string | null,
    kind: string,
    operator: Operator,
    reason: string,
    detail: Record<string, unknown>,
  ): void {
    this.events.push({
      sha,
      environment: sha === null ? null : "production",
      kind,
      actor: operator.actor,
      via: operator.via,
      reason,
      detail,
    });
  }

  /** A refused command: nothing else of this outcome is written. */
  refuse(status: Refusal["status"], code: Refusal["code"], message: string): Outcome {
    return { decision: "refused", changes: [], events: [], effects: [], refusal: { status, code, message } };
  }

  /** Sets (or, with null, removes) a setting: a freeze, the hold, a block. */
  setting(name: string, value: string | null): void {
    this.settings.push({ name, value });
  }

  done(decision: PolicyDecision, reason?: string): Outcome {
    this.endRedeploy();
    const outcome = {
      decision,
      changes: [...this.changes.values()],
      settings: this.settings,
      events: this.events,
      effects: this.effects,
    };
    return reason === undefined ? outcome : { ...outcome, reason };
  }

  private endRedeploy(): void {
    if (this.redeploying === null) return;
    const key = `${this.redeploying}:production`;
    const change = this.changes.get(key);
    if (change === undefined || SLOT_STATUSES.includes(change.status as ProductionStatus)) return;
    this.setting(REDEPLOY, null);
    if (change.status !== "live" && change.status !== "retired") this.changes.set(key, { ...change, status: "live" });
  }

  private change(change: Change): void {
    const key = `${change.sha}:${change.environment}`;
    this.changes.set(key, { ...this.changes.get(key), ...change });
  }
}
