// The environment, read once into a typed configuration; what /health reports on.
import { type GitHubAuth, parseGitHubAuth } from "./effects/github-app-settings";
import { type NotificationAuth, notificationAuthMode, parseNotificationAuth, usesSignature } from "./intake/settings";
import { importSecret, isAllowedUrl, secretKeyBytes, splitList, urlRefusal } from "./protocol";

export interface Config {
  /** "owner/name": the one repository whose notifications are accepted. */
  readonly repository: string;
  readonly github: {
    readonly apiUrl: string;
    /** As a GitHub App (where its settings are given), with GITHUB_TOKEN, or not at all. */
    readonly auth: GitHubAuth;
    readonly owner: string;
    readonly repo: string;
    readonly workflow: string;
    readonly ref: string;
    /**
     * The settings of the above that failed validation, by name. While any did, nothing is sent to
     * GitHub: dispatches and compares wait in the outbox (no attempt used) until the worker is
     * deployed with the settings fixed.
     */
    readonly invalid: readonly string[];
  };
  /** GitHub's web origin (`GITHUB_SERVER_URL`): run links in alerts must be under it; null when it failed validation. */
  readonly githubServerUrl: string | null;
  /** The intake's signing secrets (several during a rotation); empty closes the intake in every mode but `oidc`. */
  readonly webhookSecrets: readonly string[];
  /** How a notification proves its origin: NOTIFICATION_AUTH and the OIDC settings (worker/intake/settings.ts). */
  readonly notificationAuth: NotificationAuth;
  readonly notificationEndpoints: readonly string[];
  readonly adminToken: string | null;
  /** Cloudflare Access in front of the operator API (ACCESS_TEAM_DOMAIN, ACCESS_AUD). */
  readonly access: AccessConfig;
  readonly alertSigningSecret: string | null;
  /** A production failure puts automatic promotion on hold (HOLD_ON_PRODUCTION_FAILURE, default true). */
  readonly holdOnProductionFailure: boolean;
  /** A deployment that has not moved for this long is stuck (STUCK_AFTER_MINUTES, default 20), in ms. */
  readonly stuckAfterMs: number;
  /** A deployment's budget, staging start to live less the review wait (DEPLOY_BUDGET_MINUTES, default 15), in ms. */
  readonly budgetMs: number;
  /** The worker's own base URL (PUBLIC_URL, no trailing slash): alerts link to records under it; null when unset or refused. */
  readonly publicUrl: string | null;
  /** The dead-man's switch every cron run pings (HEARTBEAT_URL, a secret); null when unset or refused. */
  readonly heartbeatUrl: string | null;
  /** What is wrong, by name, never by value. Errors close the service; warnings narrow it. */
  readonly problems: readonly Problem[];
}

/**
 * `off` where neither setting is given (the Access header is ignored); `invalid` where either failed
 * validation or only one is given (an Access token is then refused, never checked against a guess).
 */
export type AccessConfig =
  | { readonly state: "off" }
  | { readonly state: "invalid"; readonly names: readonly string[] }
  | {
      readonly state: "on";
      /** The team's origin, `https://<team>.cloudflareaccess.com`: the tokens' `iss`, and where the keys are. */
      readonly teamDomain: string;
      /** The Access application's AUD tag, which a token's `aud` must contain. */
      readonly audience: string;
    };

export interface Problem {
  readonly level: "error" | "warning";
  readonly name: string;
  readonly message: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const WORKFLOW = /^[A-Za-z0-9_.-]+\.ya?ml$|^\d+$/;
/** A branch name git accepts, without the forms that would change the dispatch's meaning. */
const REF = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$)[A-Za-z0-9_./-]+$/;
/** An Access application's AUD tag: 64 hex characters. */
const AUD = /^[0-9a-f]{64}$/;

const cache = new WeakMap<object, Config>();

/** The configuration of `env`, parsed once per environment object. */
export function configOf(env: Env): Config {
  let config = cache.get(env);
  if (config === undefined) {
    config = parseConfig(env as unknown as Record<string, unknown>);
    cache.set(env, config);
  }
  return config;
}

/** Parses and checks every var and secret; never throws, never keeps a malformed value. */
export function parseConfig(env: Record<string, unknown>): Config {
  const problems: Problem[] = [];
  const report = (level: Problem["level"], name: string, message: string): void => {
    problems.push({ level, name, message });
  };
  const text = (name: string): string | null => {
    const value = env[name];
    return typeof value === "string" && value.trim().length > 0 ? value.trim() : null;
  };
  const invalidGitHub: string[] = [];
  const required = (name: string, fallback: string, pattern: RegExp, rule: string): string => {
    const value = text(name) ?? fallback;
    if (!pattern.test(value)) {
      report("error", name, `${name} is malformed (${rule}): nothing is sent to GitHub until it is fixed`);
      invalidGitHub.push(name);
    }
    return value;
  };

  // No fallback: the repository is named in wrangler.toml's vars only, so an unset one is an error.
  const owner = required("GITHUB_OWNER", "", NAME, "letters, digits, '.', '_' or '-', set in wrangler.toml's vars");
  const repo = required("GITHUB_REPO", "", NAME, "letters, digits, '.', '_' or '-', set in wrangler.toml's vars");
  const workflow = required(
    "PRODUCTION_WORKFLOW",
    "deploy-production.yml",
    WORKFLOW,
    "a workflow file name such as deploy-production.yml",
  );
  const ref = required("PRODUCTION_REF", "main", REF, "a branch name such as main");
  const apiUrl = (text("GITHUB_API_URL") ?? "https://api.github.com").replace(/\/+$/, "");
  const apiRefusal = urlRefusal(apiUrl);
  if (apiRefusal !== null) {
    report(
      "error",
      "GITHUB_API_URL",
      `GITHUB_API_URL ${apiRefusal}: nothing is sent to GitHub until it is fixed (dispatches wait in the outbox)`,
    );
    invalidGitHub.push("GITHUB_API_URL");
  }
  let githubServerUrl: string | null = (text("GITHUB_SERVER_URL") ?? "https://github.com").replace(/\/+$/, "");
  const serverRefusal = urlRefusal(githubServerUrl);
  if (serverRefusal !== null) {
    report(
      "error",
      "GITHUB_SERVER_URL",
      `GITHUB_SERVER_URL ${serverRefusal}: alerts show run URLs as text, never as links`,
    );
    githubServerUrl = null;
  }

  const auth = parseGitHubAuth(text, report, invalidGitHub);

  const mode = notificationAuthMode(text, report);
  const webhookSecrets: string[] = [];
  const secrets = splitList(text("WEBHOOK_AUTH_TOKEN") ?? undefined);
  secrets.forEach((secret, index) => {
    if (isSecret(secret)) webhookSecrets.push(secret);
    else {
      report(
        // With NOTIFICATION_AUTH=oidc the secret is not used.
        usesSignature(mode) ? "error" : "warning",
        "WEBHOOK_AUTH_TOKEN",
        `WEBHOOK_AUTH_TOKEN entry ${index + 1} is not whsec_<base64 of at least 16 bytes>`,
      );
    }
  });
  if (secrets.length === 0 && usesSignature(mode)) {
    report("error", "WEBHOOK_AUTH_TOKEN", "WEBHOOK_AUTH_TOKEN is not set: every notification is refused (503)");
  }
  const notificationAuth = parseNotificationAuth(
    mode,
    text,
    report,
    { repository: `${owner}/${repo}`, workflow, ref },
    webhookSecrets.length > 0,
  );

  const notificationEndpoints: string[] = [];
  splitList(text("NOTIFICATION_ENDPOINTS") ?? undefined).forEach((url, index) => {
    if (isAllowedUrl(url)) notificationEndpoints.push(url);
    else
      report(
        "error",
        "NOTIFICATION_ENDPOINTS",
        `NOTIFICATION_ENDPOINTS entry ${index + 1} is not an https URL (or http on loopback)`,
      );
  });
  if (notificationEndpoints.length === 0) {
    report(
      "warning",
      "NOTIFICATION_ENDPOINTS",
      "NOTIFICATION_ENDPOINTS is empty: alerts are recorded but sent nowhere",
    );
  }

  const access = parseAccess(text("ACCESS_TEAM_DOMAIN"), text("ACCESS_AUD"), report);

  const adminToken = text("ADMIN_TOKEN");
  // With Access on, operators need no token (automation does).
  if (adminToken === null && access.state !== "on") {
    report("warning", "ADMIN_TOKEN", "ADMIN_TOKEN is not set: the read API answers 401 to everyone");
  }

  let alertSigningSecret = text("ALERT_SIGNING_SECRET");
  if (alertSigningSecret === null) {
    report(
      "warning",
      "ALERT_SIGNING_SECRET",
      "ALERT_SIGNING_SECRET is not set: generic alert deliveries are sent unsigned",
    );
  } else if (!isSecret(alertSigningSecret)) {
    report("error", "ALERT_SIGNING_SECRET", "ALERT_SIGNING_SECRET is not whsec_<base64 of at least 16 bytes>");
    alertSigningSecret = null;
  } else if (secrets.includes(alertSigningSecret)) {
    // An alert receiver holding the intake secret could forge a promotion.
    report("error", "ALERT_SIGNING_SECRET", "ALERT_SIGNING_SECRET must differ from every WEBHOOK_AUTH_TOKEN secret");
    alertSigningSecret = null;
  }

  const holdText = text("HOLD_ON_PRODUCTION_FAILURE");
  if (holdText !== null && holdText !== "true" && holdText !== "false") {
    // The safe reading of a setting that failed validation: stop the line.
    report(
      "error",
      "HOLD_ON_PRODUCTION_FAILURE",
      "HOLD_ON_PRODUCTION_FAILURE must be true or false: a production failure puts promotion on hold until it is fixed",
    );
  }
  const holdOnProductionFailure = holdText !== "false";

  const minutes = (name: string, fallback: number): number => {
    const value = text(name);
    if (value === null) return fallback * 60_000;
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100_000) return Number(value) * 60_000;
    report(
      "error",
      name,
      `${name} must be a whole number of minutes, at least 1: the default ${fallback} is used until it is fixed`,
    );
    return fallback * 60_000;
  };
  const stuckAfterMs = minutes("STUCK_AFTER_MINUTES", 20);
  const budgetMs = minutes("DEPLOY_BUDGET_MINUTES", 15);

  let publicUrl = text("PUBLIC_URL")?.replace(/\/+$/, "") ?? null;
  const publicRefusal = publicUrl === null ? null : urlRefusal(publicUrl);
  if (publicUrl === null) {
    report("warning", "PUBLIC_URL", "PUBLIC_URL is not set: alerts carry no link to the commit's record");
  } else if (publicRefusal !== null) {
    report(
      "error",
      "PUBLIC_URL",
      `PUBLIC_URL ${publicRefusal}: alerts carry no link to the commit's record until it is fixed`,
    );
    publicUrl = null;
  }

  let heartbeatUrl = text("HEARTBEAT_URL");
  const heartbeatRefusal = heartbeatUrl === null ? null : urlRefusal(heartbeatUrl);
  if (heartbeatRefusal !== null) {
    // Never the URL itself: it carries the monitor's token.
    report("error", "HEARTBEAT_URL", `HEARTBEAT_URL ${heartbeatRefusal}: no heartbeat is sent until it is fixed`);
    heartbeatUrl = null;
  }

  return {
    repository: `${owner}/${repo}`,
    github: { apiUrl, auth, owner, repo, workflow, ref, invalid: invalidGitHub },
    githubServerUrl,
    webhookSecrets,
    notificationAuth,
    notificationEndpoints,
    adminToken,
    access,
    alertSigningSecret,
    holdOnProductionFailure,
    stuckAfterMs,
    budgetMs,
    publicUrl,
    heartbeatUrl,
    problems,
  };
}

/** Both Access settings checked together: one without the other is as unusable as a malformed one. */
function parseAccess(
  teamDomainText: string | null,
  audienceText: string | null,
  report: (level: Problem["level"], name: string, message: string) => void,
): AccessConfig {
  if (teamDomainText === null && audienceText === null) return { state: "off" };
  const refused = ": Access tokens are refused (401) until it is fixed";
  const names: string[] = [];
  const teamDomain = teamDomainText === null ? null : teamOrigin(teamDomainText);
  if (teamDomainText === null) {
    names.push("ACCESS_TEAM_DOMAIN");
    report(
      "error",
      "ACCESS_TEAM_DOMAIN",
      `ACCESS_TEAM_DOMAIN is not set but ACCESS_AUD is: set both or neither${refused}`,
    );
  } else if (teamDomain === null) {
    names.push("ACCESS_TEAM_DOMAIN");
    const why = urlRefusal(teamDomainText) ?? "must be the team domain alone (no path, query or fragment)";
    report(
      "error",
      "ACCESS_TEAM_DOMAIN",
      `ACCESS_TEAM_DOMAIN ${why}, such as https://<team>.cloudflareaccess.com${refused}`,
    );
  }
  const audience = audienceText?.toLowerCase() ?? null;
  if (audience === null) {
    names.push("ACCESS_AUD");
    report("error", "ACCESS_AUD", `ACCESS_AUD is not set but ACCESS_TEAM_DOMAIN is: set both or neither${refused}`);
  } else if (!AUD.test(audience)) {
    names.push("ACCESS_AUD");
    report("error", "ACCESS_AUD", `ACCESS_AUD is not an Access application's AUD tag (64 hex characters)${refused}`);
  }
  if (teamDomain === null || audience === null || names.length > 0) return { state: "invalid", names };
  return { state: "on", teamDomain, audience };
}

/** The origin of an allowed team domain URL, or null when it is refused or carries more than an origin. */
function teamOrigin(value: string): string | null {
  if (urlRefusal(value) !== null) return null;
  const url = new URL(value);
  return url.pathname.replace(/\/+$/, "") === "" && !/[?#]/.test(value) ? url.origin : null;
}

function isSecret(value: string): boolean {
  try {
    secretKeyBytes(value);
    return true;
  } catch {
    return false;
  }
}

const keyCache = new WeakMap<readonly string[], Promise<CryptoKey[]>>();

/** The imported HMAC keys of a configuration's secret list, imported once and reused. */
export function keysOf(secrets: readonly string[]): Promise<CryptoKey[]> {
  let keys = keyCache.get(secrets);
  if (keys === undefined) {
    keys = Promise.all(secrets.map(importSecret));
    keyCache.set(secrets, keys);
  }
  return keys;
}
