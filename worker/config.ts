// The environment, read once into a typed configuration; what /health reports on.
import { importSecret, secretKeyBytes, splitList } from "./protocol";

export interface Config {
  /** "owner/name": the one repository whose notifications are accepted. */
  readonly repository: string;
  readonly github: {
    readonly apiUrl: string;
    readonly token: string | null;
    readonly owner: string;
    readonly repo: string;
    readonly workflow: string;
    readonly ref: string;
  };
  /** The intake's signing secrets (several during a rotation); empty means intake is closed. */
  readonly webhookSecrets: readonly string[];
  readonly notificationEndpoints: readonly string[];
  readonly adminToken: string | null;
  readonly alertSigningSecret: string | null;
  /** What is wrong, by name, never by value. Errors close the service; warnings narrow it. */
  readonly problems: readonly Problem[];
}

export interface Problem {
  readonly level: "error" | "warning";
  readonly name: string;
  readonly message: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

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
  const required = (name: string, fallback: string, pattern: RegExp): string => {
    const value = text(name) ?? fallback;
    if (!pattern.test(value)) problems.push({ level: "error", name, message: `${name} is malformed` });
    return value;
  };

  const owner = required("GITHUB_OWNER", "bolt-foundry", NAME);
  const repo = required("GITHUB_REPO", "monorepo", NAME);
  const workflow = required("PRODUCTION_WORKFLOW", "deploy-production.yml", NAME);
  const ref = required("PRODUCTION_REF", "main", /^[A-Za-z0-9_./-]+$/);
  const apiUrl = (text("GITHUB_API_URL") ?? "https://api.github.com").replace(/\/+$/, "");
  if (!isAllowedUrl(apiUrl)) {
    report("error", "GITHUB_API_URL", "GITHUB_API_URL must be https (or http on loopback)");
  }

  const token = text("GITHUB_TOKEN");
  if (token === null) {
    report(
      "warning",
      "GITHUB_TOKEN",
      "GITHUB_TOKEN is not set: deployments are recorded but production is never dispatched",
    );
  }

  const webhookSecrets: string[] = [];
  const secrets = splitList(text("WEBHOOK_AUTH_TOKEN") ?? undefined);
  secrets.forEach((secret, index) => {
    if (isSecret(secret)) webhookSecrets.push(secret);
    else {
      report(
        "error",
        "WEBHOOK_AUTH_TOKEN",
        `WEBHOOK_AUTH_TOKEN entry ${index + 1} is not whsec_<base64 of at least 16 bytes>`,
      );
    }
  });
  if (secrets.length === 0) {
    report("error", "WEBHOOK_AUTH_TOKEN", "WEBHOOK_AUTH_TOKEN is not set: every notification is refused (503)");
  }

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

  const adminToken = text("ADMIN_TOKEN");
  if (adminToken === null) {
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

  return {
    repository: `${owner}/${repo}`,
    github: { apiUrl, token, owner, repo, workflow, ref },
    webhookSecrets,
    notificationEndpoints,
    adminToken,
    alertSigningSecret,
    problems,
  };
}

/** True for a loopback host name: 127.x.x.x, localhost, [::1]. */
export function isLoopback(hostname: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostname);
}

/** https anywhere, or http on loopback (local development and tests). */
export function isAllowedUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && isLoopback(url.hostname);
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
