// The figures of GET /metrics from the facts of one window: pure (facts → figures), so every
// definition is testable without a runtime. DORA's five metrics (dora.dev) and the seed's success
// criteria; each figure says over how many it was computed (`count`), and is null, never NaN, where
// there is nothing to compute. Percentiles are exact over the window (nearest rank: always a value
// that was measured), seconds are whole, rates have three decimals.
import type { MetricFacts, OutcomeRow, WindowRow } from "../pipeline/store/metrics";
import { COMMAND_KINDS } from "../pipeline/store/metrics";

/** The window the figures are about, and what they are held against. */
export interface MetricsWindow {
  readonly days: number;
  /** Its start and end (ms). */
  readonly since: number;
  readonly until: number;
  /** DEPLOY_BUDGET_MINUTES, in ms. */
  readonly budgetMs: number;
}

/** The body of GET /metrics. */
export interface MetricsBody {
  readonly window: { readonly days: number; readonly since: string; readonly until: string };
  /** Deployments that went live, per day; rollbacks and emergency deploys among them. */
  readonly deployment_frequency: {
    readonly per_day: number;
    readonly count: number;
    readonly rollbacks: number;
    readonly emergencies: number;
  };
  /** From the commit's time (or, failing that, its first notification) to its first live. */
  readonly change_lead_time: {
    readonly p50_s: number | null;
    readonly p90_s: number | null;
    readonly count: number;
    /** How many of `count` start from the first notification: no commit_timestamp was sent. */
    readonly from_first_notification: number;
  };
  /** Deployments that failed or were later rolled back from, over every deployment. */
  readonly change_fail_rate: {
    readonly rate: number | null;
    readonly failed: number;
    readonly rolled_back: number;
    readonly count: number;
  };
  /** From a failed deployment (its failure, or a bad one's live) to the next good live. */
  readonly failed_deployment_recovery_time: {
    readonly p50_s: number | null;
    readonly count: number;
    /** Failed deployments that no good live has followed yet (not in `count`). */
    readonly unrecovered: number;
  };
  /** Emergency deploys over every deployment. */
  readonly deployment_rework_rate: {
    readonly rate: number | null;
    readonly emergencies: number;
    readonly count: number;
  };
  readonly criteria: {
    /** Failed (or rolled-back) deployments of commits that had passed staging. */
    readonly escapes: {
      readonly escaped: number;
      readonly failed: number;
      readonly rolled_back: number;
      readonly count: number;
    };
    /** Breaking changes staging caught: staging failures over staging failures and escapes. */
    readonly e2e_catch_rate: {
      readonly rate: number | null;
      readonly staging_failures: number;
      readonly escapes: number;
      readonly count: number;
    };
    /** Staging's start to live less the review wait (the phases' budget_s), automatic promotions only. */
    readonly deploy_time: {
      readonly p50_s: number | null;
      readonly p90_s: number | null;
      readonly budget_s: number;
      readonly over_budget: number;
      readonly count: number;
    };
    /** From a rollback command to its target's live. */
    readonly rollback_time: {
      readonly p50_s: number | null;
      readonly p90_s: number | null;
      readonly count: number;
      /** Rollbacks asked whose target has not gone live by them (not in `count`). */
      readonly pending: number;
    };
    /** Operators' decisions on the record with both who and why. */
    readonly audit_completeness: {
      readonly share: number | null;
      readonly complete: number;
      readonly count: number;
    };
  };
}

/** Why a deployment went: the dispatch decision's triggered_by, or an emergency run. */
export type Trigger = "staging" | "promote" | "rollback" | "emergency";

/** One production deployment of the window: it went live, or failed in production. */
export interface DeploymentFact {
  readonly sha: string;
  readonly at: number;
  readonly outcome: "live" | "failed";
  readonly trigger: Trigger;
  readonly row: OutcomeRow;
}

const TRIGGERS: Readonly<Record<string, Trigger>> = {
  "internalbf-staging-success": "staging",
  "internalbf-manual-promote": "promote",
  "internalbf-rollback": "rollback",
  "internalbf-emergency": "emergency",
};

/** What an emergency run records when the run gave no actor or no reason (policy/emergency.ts). */
const NO_ACTOR = "github";
const NO_REASON = "(no reason given)";
/** internalbf's own decisions (a hold after a failure, a freeze's end) are not an operator's. */
const SYSTEM = "internalbf";

/** The production deployments among the outcome events, oldest first. */
export function deploymentsOf(outcomes: readonly OutcomeRow[]): DeploymentFact[] {
  return [...outcomes].sort(inOrder).flatMap((row): DeploymentFact[] => {
    const emergencyRun = row.kind.startsWith("production_emergency_") || row.emergency === 1;
    const trigger = emergencyRun ? "emergency" : (TRIGGERS[row.triggered_by ?? ""] ?? "staging");
    if (row.kind === "production_live") return [{ sha: row.sha, at: row.at, outcome: "live", trigger, row }];
    // A run that ended before the gate deployed nothing: like a dispatch that never went through.
    if (row.kind === "production_run_unreported" && row.started !== 1) return [];
    return [{ sha: row.sha, at: row.at, outcome: "failed", trigger, row }];
  });
}

/** The figures of one window. */
export function computeFigures(facts: MetricFacts, window: MetricsWindow): MetricsBody {
  const deployments = deploymentsOf(facts.outcomes);
  const events = [...facts.events].sort(inOrder);
  const lives = deployments.filter((d) => d.outcome === "live");
  const rollbacks = events.filter((e) => e.kind === "rollback_requested");

  // A rollback marks bad the deployment live when it was asked: the latest live of its `from`.
  const rolledBack = new Set<DeploymentFact>();
  for (const rollback of rollbacks) {
    const bad = lives.filter((d) => d.sha === rollback.rolled_back_from && d.at <= rollback.at).at(-1);
    if (bad !== undefined) rolledBack.add(bad);
  }
  const isFailing = (d: DeploymentFact) => d.outcome === "failed" || rolledBack.has(d);
  const failing = deployments.filter(isFailing);
  const good = lives.filter((d) => !rolledBack.has(d));

  const recoveries: number[] = [];
  for (const d of failing) {
    const next = good.find((g) => g.at > d.at);
    if (next !== undefined) recoveries.push(next.at - d.at);
  }

  // Lead time is a change's: its commit's first live (a rollback's target went live before).
  const firstLives = lives.filter((d) => d.row.live_before !== 1);
  const leads = firstLives.map((d) => Math.max(0, d.at - (d.row.committed_at ?? d.row.first_seen ?? d.at)));
  const fallbacks = firstLives.filter((d) => d.row.committed_at === null).length;

  const emergencies = deployments.filter((d) => d.trigger === "emergency");
  const passed = deployments.filter((d) => d.row.passed_staging === 1);
  const escapedFailed = passed.filter((d) => d.outcome === "failed").length;
  const escapedRolledBack = passed.filter((d) => rolledBack.has(d)).length;
  const escaped = escapedFailed + escapedRolledBack;
  const stagingFailures = new Set(events.filter((e) => e.kind === "staging_failure").map((e) => e.sha)).size;

  // The phases on a row are its latest live's: a commit counts when that live was an automatic promotion.
  const latestLive = new Map<string, DeploymentFact>();
  for (const d of lives) latestLive.set(d.sha, d);
  const budgets = [...latestLive.values()]
    .filter((d) => d.trigger === "staging" && d.row.budget_s !== null)
    .map((d) => d.row.budget_s as number);
  const budgetS = Math.round(window.budgetMs / 1000);

  const rollbackTimes: number[] = [];
  for (const rollback of rollbacks) {
    const live = lives.find((d) => d.sha === rollback.sha && d.trigger === "rollback" && d.at >= rollback.at);
    if (live !== undefined) rollbackTimes.push(live.at - rollback.at);
  }

  const decisions = events.filter(isDecision);
  const complete = decisions.filter(isComplete).length;

  return {
    window: {
      days: window.days,
      since: new Date(window.since).toISOString(),
      until: new Date(window.until).toISOString(),
    },
    deployment_frequency: {
      per_day: rate(lives.length, window.days) ?? 0,
      count: lives.length,
      rollbacks: lives.filter((d) => d.trigger === "rollback").length,
      emergencies: lives.filter((d) => d.trigger === "emergency").length,
    },
    change_lead_time: {
      p50_s: seconds(percentile(leads, 50)),
      p90_s: seconds(percentile(leads, 90)),
      count: leads.length,
      from_first_notification: fallbacks,
    },
    change_fail_rate: {
      rate: rate(failing.length, deployments.length),
      failed: failing.length - rolledBack.size,
      rolled_back: rolledBack.size,
      count: deployments.length,
    },
    failed_deployment_recovery_time: {
      p50_s: seconds(percentile(recoveries, 50)),
      count: recoveries.length,
      unrecovered: failing.length - recoveries.length,
    },
    deployment_rework_rate: {
      rate: rate(emergencies.length, deployments.length),
      emergencies: emergencies.length,
      count: deployments.length,
    },
    criteria: {
      escapes: { escaped, failed: escapedFailed, rolled_back: escapedRolledBack, count: passed.length },
      e2e_catch_rate: {
        rate: rate(stagingFailures, stagingFailures + escaped),
        staging_failures: stagingFailures,
        escapes: escaped,
        count: stagingFailures + escaped,
      },
      deploy_time: {
        p50_s: percentile(budgets, 50),
        p90_s: percentile(budgets, 90),
        budget_s: budgetS,
        over_budget: budgets.filter((s) => s > budgetS).length,
        count: budgets.length,
      },
      rollback_time: {
        p50_s: seconds(percentile(rollbackTimes, 50)),
        p90_s: seconds(percentile(rollbackTimes, 90)),
        count: rollbackTimes.length,
        pending: rollbacks.length - rollbackTimes.length,
      },
      audit_completeness: { share: rate(complete, decisions.length), complete, count: decisions.length },
    },
  };
}

/** An operator's decision: a command (not internalbf's own), or an emergency run someone started. */
function isDecision(event: WindowRow): boolean {
  if (event.kind === "production_emergency_started") return true;
  return (COMMAND_KINDS as readonly string[]).includes(event.kind) && event.actor !== SYSTEM;
}

/** On the record with who and why. */
function isComplete(event: WindowRow): boolean {
  const emergencyRun = event.kind === "production_emergency_started";
  const reason = emergencyRun ? event.detail_reason : event.reason;
  const actor = event.actor.trim();
  const why = (reason ?? "").trim();
  return actor !== "" && !(emergencyRun && actor === NO_ACTOR) && why !== "" && why !== NO_REASON;
}

/** Oldest first: by time, then by id (the order of recording). */
function inOrder(a: { at: number; id: number }, b: { at: number; id: number }): number {
  return a.at - b.at || a.id - b.id;
}

/** The nearest-rank percentile of `values` (exact: the window is small), or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** `part / whole` with three decimals, or null over nothing. */
function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** Milliseconds as whole seconds. */
function seconds(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 1000);
}
