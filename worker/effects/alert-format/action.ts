// What a reader of an alert can do about it, as one operator CLI line to copy. The line is pasted
// into a shell, so it holds only words written here and the commit's short SHA (hex); the reason
// is a placeholder to fill in. A second choice, when there is one, follows as a shell comment.
import type { Alert, AlertKind } from "../../pipeline/model";
import { isSha, shortSha } from "./commit";

const CLI = "npm run --silent internalbf --";
const REASON = '--reason "…"';

/** The command for one kind, from the commit's short SHA and the alert's status; null: nothing to do. */
type Action = (sha: string, status: string) => string | null;

const show: Action = (sha) => `show ${sha}`;
/** A failed run puts production on hold (HOLD_ON_PRODUCTION_FAILURE): let the next success go, or go back. */
const holdOrBack: Action = () => `release ${REASON}  # once a fix is on its way; or rollback ${REASON}`;

// A Record, so a new alert kind does not compile until it says what its readers do.
const ACTIONS: Record<AlertKind, Action> = {
  // Fix forward: the next commit that passes staging goes.
  staging_failure: () => null,
  staging_cancelled: () => null,
  production_failure: holdOrBack,
  production_cancelled: holdOrBack,
  // The record says why the gate stopped it.
  production_start_rejected: show,
  unexpected_production_deployment: show,
  dispatch_failed: (sha) => `retry ${sha} ${REASON}`,
  // Not on main's line: it is never promoted, and the next commit on the line goes.
  diverged: () => null,
  production_result_ignored: show,
  // Production runs a commit internalbf had given up: keep it, or go back.
  late_production_result: (sha, status) =>
    status === "live" ? `rollback ${REASON}  # if production should not run it` : show(sha, status),
  emergency_deploy: (sha, status) =>
    status === "failure" || status === "cancelled" ? `show ${sha}  # then emergency ${sha} again, or rollback` : null,
  // Each puts automatic promotion on hold until someone releases it.
  rollback: () => `release ${REASON}  # when automatic promotion may resume`,
  on_hold: () => `release ${REASON}  # when automatic promotion may resume`,
  // Retry takes only a dispatch that failed; an abandoned commit goes again by promote.
  stuck: (sha) => `abandon ${sha} ${REASON}  # then promote ${sha} ${REASON} to send it again`,
  // Still running, only slow: nothing to do but look.
  over_budget: show,
  unconfirmed: (sha) => `show ${sha}  # check production, then promote ${sha} or rollback`,
  run_unreported: (sha) => `release ${REASON}  # once a fix is on its way; or rollback, or promote ${sha}`,
};

/** The CLI line that acts on `alert`, or null when there is nothing to do (or it names no SHA). */
export function actionLine(alert: Pick<Alert, "kind" | "sha" | "status">): string | null {
  // An outbox entry is JSON a later (or earlier) version may have written: its kind may be unknown.
  if (!Object.hasOwn(ACTIONS, alert.kind) || !isSha(alert.sha)) return null;
  const command = ACTIONS[alert.kind](shortSha(alert.sha), alert.status);
  return command === null ? null : `${CLI} ${command}`;
}
