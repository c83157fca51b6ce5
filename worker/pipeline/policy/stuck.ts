// Deployments that stopped moving: staging started with no result, production being ordered or
// dispatched with no start, started with no result. A wait GitHub explains (for reviewers, for the
// concurrency group) is not stuck. Each is alerted once, naming the command that resolves it.
import type { Environment } from "../../protocol";
import type { Alert, AuditEvent } from "../model";
import { SYSTEM, short } from "./outcome";

/** A deployment that may get stuck, as the store keeps it. */
export interface Movable {
  readonly sha: string;
  readonly environment: Environment;
  readonly status: string;
  /** When its status (or GitHub's wait) last changed. */
  readonly moved_at: number;
  readonly stuck_since: number | null;
  readonly review: string | null;
  readonly run_url: string | null;
  readonly subject: string | null;
}

/** The statuses that should move on by themselves, by environment. */
export const MOVING: Readonly<Record<Environment, readonly string[]>> = {
  staging: ["started"],
  production: ["ordering", "dispatching", "dispatched", "deploying"],
};

function moving(row: Movable): boolean {
  return (MOVING[row.environment] ?? []).includes(row.status);
}

/** True when `row` has not moved for `afterMs` (and GitHub does not say it waits for a person or its turn). */
export function isStuck(row: Movable, now: number, afterMs: number): boolean {
  return moving(row) && row.review === null && now - row.moved_at >= afterMs;
}

/** What each stuck status means, and the command that resolves it. */
function adviceOf(row: Movable): { what: string; command: string } {
  const s = short(row.sha);
  if (row.environment === "staging") {
    return {
      what: "its staging run started but never reported a result",
      command: "check the staging run; a new push or a re-run reports again",
    };
  }
  switch (row.status) {
    case "ordering":
      return {
        what: "GitHub has not answered how it relates to the live commit",
        command: `abandon ${s}, then promote it`,
      };
    case "dispatching":
      return {
        what: "GitHub has not accepted its production dispatch",
        command: `abandon ${s}, then retry or promote it`,
      };
    case "dispatched":
      return { what: "its production run never started", command: `abandon ${s}, then retry or promote it` };
    default:
      return {
        what: "its production run started but never reported",
        command: `check the run; abandon ${s} if it is gone`,
      };
  }
}

/** The audit event and the alert of a deployment found stuck for the first time. */
export function stuckNotice(row: Movable, now: number, afterMs: number): { event: AuditEvent; alert: Alert } {
  const minutes = Math.floor((now - row.moved_at) / 60_000);
  const { what, command } = adviceOf(row);
  return {
    event: {
      sha: row.sha,
      environment: row.environment,
      kind: "stuck",
      actor: SYSTEM,
      detail: {
        status: row.status,
        since: new Date(row.moved_at).toISOString(),
        minutes,
        after_minutes: afterMs / 60_000,
      },
    },
    alert: {
      kind: "stuck",
      sha: row.sha,
      environment: row.environment,
      status: row.status,
      summary: `Stuck: ${short(row.sha)} has been ${row.status} in ${row.environment} for ${minutes} minutes: ${what}. Next: ${command}`,
      details: null,
      runUrl: row.run_url,
      subject: row.subject,
    },
  };
}
