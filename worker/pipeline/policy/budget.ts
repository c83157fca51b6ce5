// The seed's 15-minute budget: a deployment's phases from its audit trail (staging + E2E, waiting,
// waiting for review, production), held against DEPLOY_BUDGET_MINUTES less the review wait, since a
// person's approval is not the pipeline's time. Only the automatic path is held to it: an operator's
// promote or rollback waited for a person by design.
import type { Phases } from "../../protocol";
import type { Alert, AuditEvent } from "../model";
import { SYSTEM, short } from "./outcome";

/** An audit event that marks a phase. */
export interface Milestone {
  readonly kind: string;
  readonly at: number;
  readonly detail: Record<string, unknown>;
}

/** The event kinds phases are read from. */
export const MILESTONES = ["staging_started", "staging_success", "promotion_dispatch_queued"];

const seconds = (ms: number): number => Math.round(ms / 1000);

/** The phases of a deployment that went live at `liveAt`, from its milestones (oldest first). */
export function phasesOf(
  milestones: readonly Milestone[],
  reviewMs: number,
  liveAt: number,
): { phases: Phases; automatic: boolean } {
  const last = (kind: string, before = Number.POSITIVE_INFINITY) =>
    [...milestones].reverse().find((m) => m.kind === kind && m.at <= before) ?? null;
  const dispatch = last("promotion_dispatch_queued");
  const result = last("staging_success", dispatch?.at);
  const start = result === null ? null : last("staging_started", result.at);
  const review_s = seconds(reviewMs);
  const total_s = start === null ? null : seconds(liveAt - start.at);
  const triggeredBy = dispatch?.detail.triggered_by ?? "internalbf-staging-success";
  return {
    phases: {
      staging_s: start === null || result === null ? null : seconds(result.at - start.at),
      waiting_s: result === null || dispatch === null ? null : seconds(dispatch.at - result.at),
      review_s,
      production_s: dispatch === null ? null : Math.max(0, seconds(liveAt - dispatch.at) - review_s),
      total_s,
      budget_s: total_s === null ? null : Math.max(0, total_s - review_s),
    },
    automatic: dispatch !== null && result !== null && triggeredBy === "internalbf-staging-success",
  };
}

const minutes = (s: number | null): string => (s === null ? "?" : `${Math.floor(s / 60)}m ${s % 60}s`);

/** The audit event and the info alert of a deployment over its budget, or null when within it. */
export function overBudget(
  sha: string,
  phases: Phases,
  automatic: boolean,
  budgetMs: number,
): { event: AuditEvent; alert: Alert } | null {
  const budget = seconds(budgetMs);
  if (!automatic || phases.budget_s === null || phases.budget_s <= budget) return null;
  const breakdown = `staging ${minutes(phases.staging_s)}, waiting ${minutes(phases.waiting_s)}, production ${minutes(phases.production_s)}; the review wait (${minutes(phases.review_s)}) is not counted`;
  return {
    event: {
      sha,
      environment: "production",
      kind: "over_budget",
      actor: SYSTEM,
      detail: { ...phases, budget_minutes: budgetMs / 60_000 },
    },
    alert: {
      kind: "over_budget",
      sha,
      environment: "production",
      status: "over_budget",
      summary: `${short(sha)} went live over the ${budgetMs / 60_000}-minute budget: ${minutes(phases.budget_s)} (${breakdown})`,
      details: null,
      runUrl: null,
    },
  };
}
