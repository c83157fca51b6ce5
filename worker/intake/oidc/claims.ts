// Pure: whether a verified OIDC token was issued to the run the notification speaks for. Never
// `sub` (its shape changes with environments and GitHub's customization); the claims GitHub sets
// from the run itself: repository, repository_id, workflow_ref, run_id, run_attempt, sha.
import type { JWTPayload } from "jose";
import { environmentOf, type Notification } from "../../protocol";
import type { OidcConfig } from "../settings";

/** Why a valid token may not vouch for this notification: each is a 403 with its own stable code. */
export interface ClaimRefusal {
  readonly code: "wrong_token_repository" | "wrong_token_workflow" | "wrong_token_run" | "wrong_token_commit";
  readonly message: string;
}

/**
 * Null where the token's run is the notification's: the configured repository (and its id, where
 * GITHUB_REPOSITORY_ID is set), the environment's workflow on its branch, the same run id and
 * attempt, and for staging the same commit. (A production run checks out `inputs.commit_sha` on
 * main's tip, so its token's `sha` is not the commit: there the binding is the run id, which the
 * gate matches to its own dispatch.)
 */
export function claimRefusal(
  claims: JWTPayload,
  oidc: OidcConfig,
  repository: string,
  notification: Notification,
): ClaimRefusal | null {
  if (claims.repository !== repository) {
    return {
      code: "wrong_token_repository",
      message: `the OIDC token was issued to a run of ${shown(claims.repository)}, and this internalbf serves ${repository}`,
    };
  }
  if (oidc.repositoryId !== null && claims.repository_id !== oidc.repositoryId) {
    return {
      code: "wrong_token_repository",
      message: `the OIDC token's repository_id is ${shown(claims.repository_id)}, not GITHUB_REPOSITORY_ID's ${oidc.repositoryId}: a repository of the same name, deleted and re-created, is another repository`,
    };
  }
  const environment = environmentOf(notification.event);
  const workflowRef = oidc.workflowRefs[environment];
  if (claims.workflow_ref !== workflowRef) {
    return {
      code: "wrong_token_workflow",
      message: `${notification.event} is taken only from ${workflowRef}, and the OIDC token was issued to ${shown(claims.workflow_ref)}`,
    };
  }
  const { run_id: runId, run_attempt: attempt } = notification;
  // The payload's integers, as the strings the token carries; a notification without them matches no token.
  if (
    runId === undefined ||
    attempt === undefined ||
    claims.run_id !== `${runId}` ||
    claims.run_attempt !== `${attempt}`
  ) {
    return {
      code: "wrong_token_run",
      message: `the OIDC token was issued to run ${shown(claims.run_id)} attempt ${shown(claims.run_attempt)}, and the notification speaks for run ${runId ?? "(none)"} attempt ${attempt ?? "(none)"}: send the token the notifying run requested`,
    };
  }
  if (environment === "staging" && claims.sha !== notification.commit_sha) {
    return {
      code: "wrong_token_commit",
      message: `the OIDC token's run is for commit ${shown(claims.sha)}, not ${notification.commit_sha}`,
    };
  }
  return null;
}

/** A claim as a message shows it: a short string as it is, anything else by its JSON, cut short. */
function shown(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "(none)" : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
