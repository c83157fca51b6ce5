// How a notification proves it comes from the repository's own workflows: NOTIFICATION_AUTH and the
// GitHub Actions OIDC settings, checked here for config.ts. A setting that fails validation is
// never used: the intake then refuses every notification (503) rather than guess.
import { urlRefusal } from "../protocol";

/** NOTIFICATION_AUTH: the signature alone (`hmac`), the OIDC token alone, one of them, or both. */
export type NotificationAuthMode = "hmac" | "oidc" | "either" | "both";

/**
 * The mode and its OIDC settings (`oidc`: where OIDC_AUDIENCE is set and every OIDC setting is
 * valid, else null). `closed` says why every notification is refused (503 `intake_not_configured`):
 * NOTIFICATION_AUTH invalid (`mode` null), or a setting the mode needs missing or malformed. An open
 * mode that takes tokens always has its OIDC settings.
 */
export type NotificationAuth =
  | { readonly closed: string; readonly mode: NotificationAuthMode | null; readonly oidc: OidcConfig | null }
  | { readonly closed: null; readonly mode: "hmac"; readonly oidc: OidcConfig | null }
  | { readonly closed: null; readonly mode: "oidc" | "either" | "both"; readonly oidc: OidcConfig };

export interface OidcConfig {
  /** The tokens' `iss`, and where their keys are found (`${issuer}/.well-known/openid-configuration`). */
  readonly issuer: string;
  /** The tokens' `aud`: what the action requests its token for. */
  readonly audience: string;
  /** GITHUB_REPOSITORY_ID: the tokens' `repository_id`, where set. */
  readonly repositoryId: string | null;
  /** The `workflow_ref` of the only runs that may notify, by environment. */
  readonly workflowRefs: { readonly staging: string; readonly production: string };
}

type Report = (level: "error" | "warning", name: string, message: string) => void;
type Read = (name: string) => string | null;

const MODES: readonly string[] = ["hmac", "oidc", "either", "both"];
export const DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";
/** The staging workflow's file: the one workflow whose runs report staging results. */
const STAGING_WORKFLOW = "deploy-staging.yml";
const AUDIENCE = /^[\x21-\x7e]{1,256}$/;
/**
 * Audiences that tokens minted for other services carry (GitHub's default, the clouds'): a service
 * that receives one could replay it here.
 */
const SHARED_AUDIENCE = /^(https:\/\/github\.com(\/|$)|sts\.amazonaws\.com$|api:\/\/AzureADTokenExchange$)/i;
const REPOSITORY_ID = /^[1-9][0-9]{0,19}$/;

/** NOTIFICATION_AUTH (default `hmac`), or null when it is none of the four. */
export function notificationAuthMode(read: Read, report: Report): NotificationAuthMode | null {
  const value = read("NOTIFICATION_AUTH") ?? "hmac";
  if (MODES.includes(value)) return value as NotificationAuthMode;
  report(
    "error",
    "NOTIFICATION_AUTH",
    "NOTIFICATION_AUTH must be hmac, oidc, either or both: every notification is refused (503) until it is fixed",
  );
  return null;
}

/** True where the mode asks for the signature (an invalid mode counts: its settings are reported as errors). */
export function usesSignature(mode: NotificationAuthMode | null): boolean {
  return mode !== "oidc";
}

/**
 * The OIDC settings and what the intake can do with them. In a mode that uses OIDC a missing or
 * malformed setting is an error and closes the intake; in `hmac` a malformed one is only a warning.
 */
export function parseNotificationAuth(
  mode: NotificationAuthMode | null,
  read: Read,
  report: Report,
  github: { readonly repository: string; readonly workflow: string; readonly ref: string },
  hasSecret: boolean,
): NotificationAuth {
  const used = mode === "oidc" || mode === "either" || mode === "both";
  const level = used ? "error" : "warning";
  const consequence = used
    ? "every notification is refused (503) until it is fixed"
    : `unused while NOTIFICATION_AUTH is ${mode ?? "invalid"}`;
  const bad: string[] = [];
  const refuse = (name: string, why: string): void => {
    bad.push(name);
    report(level, name, `${name} ${why}: ${consequence}`);
  };

  const issuerText = read("OIDC_ISSUER") ?? DEFAULT_ISSUER;
  const issuer = issuerOf(issuerText);
  if (issuer === null) {
    refuse(
      "OIDC_ISSUER",
      `${urlRefusal(issuerText) ?? "must not carry a query or fragment"}, such as ${DEFAULT_ISSUER}`,
    );
  }

  const audience = read("OIDC_AUDIENCE");
  if (audience === null) {
    if (used)
      refuse("OIDC_AUDIENCE", "is not set (the audience the action requests its token for, such as internalbf's URL)");
  } else if (!AUDIENCE.test(audience)) {
    refuse("OIDC_AUDIENCE", "must be 1 to 256 printable ASCII characters without spaces");
  } else if (SHARED_AUDIENCE.test(audience)) {
    refuse(
      "OIDC_AUDIENCE",
      "is an audience that tokens for other services carry: choose one for internalbf alone, such as its URL",
    );
  }

  const repositoryId = read("GITHUB_REPOSITORY_ID");
  if (repositoryId !== null && !REPOSITORY_ID.test(repositoryId)) {
    refuse("GITHUB_REPOSITORY_ID", "must be the repository's numeric id (gh api repos/OWNER/NAME --jq .id)");
  }

  if (used && /^\d+$/.test(github.workflow)) {
    // Not a reason to close: staging still verifies, and production's refusals name the workflow_ref expected.
    report(
      "error",
      "PRODUCTION_WORKFLOW",
      "PRODUCTION_WORKFLOW must be a workflow file name (such as deploy-production.yml) while NOTIFICATION_AUTH uses OIDC: a token names its workflow by file, so production notifications are refused (403)",
    );
  }

  const oidc: OidcConfig | null =
    issuer === null || audience === null || bad.length > 0
      ? null
      : {
          issuer,
          audience,
          repositoryId,
          workflowRefs: {
            staging: workflowRef(github.repository, STAGING_WORKFLOW, github.ref),
            production: workflowRef(github.repository, github.workflow, github.ref),
          },
        };
  const closed = (why: string): NotificationAuth => ({ closed: `${why}: see GET /health`, mode, oidc });
  if (mode === null) return closed("NOTIFICATION_AUTH is not hmac, oidc, either or both");
  if (usesSignature(mode) && !hasSecret) return closed("internalbf has no valid WEBHOOK_AUTH_TOKEN");
  if (mode === "hmac") return { closed: null, mode, oidc };
  if (oidc === null) {
    return closed(
      `NOTIFICATION_AUTH=${mode} needs valid OIDC settings (${bad.length > 0 ? bad.join(", ") : "OIDC_AUDIENCE"})`,
    );
  }
  return { closed: null, mode, oidc };
}

/** The issuer as tokens carry it (origin and path, no trailing slash), or null when it may not be used. */
function issuerOf(value: string): string | null {
  if (urlRefusal(value) !== null || /[?#]/.test(value)) return null;
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** `owner/name/.github/workflows/<file>@refs/heads/<branch>`, as GitHub puts it in a token. */
function workflowRef(repository: string, file: string, branch: string): string {
  return `${repository}/.github/workflows/${file}@refs/heads/${branch}`;
}
