// Alerts to NOTIFICATION_ENDPOINTS: Slack and Discord get their own message formats; any other
// URL gets a generic JSON event signed with Standard Webhooks headers under ALERT_SIGNING_SECRET.
import type { Alert } from "../pipeline/model";
import { isLoopback, signatureHeaders } from "../protocol";
import { actionLine } from "./alert-format/action";
import { discordMessage } from "./alert-format/discord";
import { alertLinks } from "./alert-format/links";
import { slackMessage } from "./alert-format/slack";
import { type Attempt, classifyStatus, describeNetworkError, failed, succeeded } from "./attempt";

export const ALERT_TIMEOUT_MS = 10_000;

export type AlertTarget = "slack" | "discord" | "generic";

/** Which message format an endpoint takes, from its host (or, on loopback, its path). */
export function targetOf(endpoint: string): AlertTarget {
  const url = new URL(endpoint);
  const local = isLoopback(url.hostname);
  if (url.hostname === "hooks.slack.com" || (local && url.pathname.startsWith("/services/"))) return "slack";
  const discordHost = url.hostname === "discord.com" || url.hostname === "discordapp.com";
  if ((discordHost || local) && url.pathname.startsWith("/api/webhooks/")) return "discord";
  return "generic";
}

const ICONS: Record<string, string> = { live: "✅", rejected: "⛔", dispatch_failed: "🚨" };

/**
 * The body an endpoint of `target` receives for `alert`. Slack and Discord get every field escaped
 * for their markup, a run link only under `githubServerUrl` and a record link only under
 * `publicUrl`; the generic JSON event carries the fields as they came (JSON needs no escaping, and
 * a receiver may want the raw run URL), and the same links and command beside them.
 */
export function formatAlert(
  alert: Alert,
  target: AlertTarget,
  raisedAt: number,
  githubServerUrl: string | null,
  publicUrl: string | null,
): Record<string, unknown> {
  const icon = ICONS[alert.status] ?? "🔴";
  const links = alertLinks(alert, githubServerUrl, publicUrl);
  const command = actionLine(alert);
  switch (target) {
    case "slack":
      return slackMessage(alert, icon, links, command);
    case "discord":
      return discordMessage(alert, icon, raisedAt, links, command);
    case "generic":
      return {
        type: "internalbf.alert",
        alert: alert.kind,
        sha: alert.sha,
        subject: alert.subject ?? null,
        environment: alert.environment,
        status: alert.status,
        summary: alert.summary,
        details: alert.details,
        run_url: alert.runUrl,
        links,
        command,
        raised_at: new Date(raisedAt).toISOString(),
      };
  }
}

const encoder = new TextEncoder();

/** Posts one alert; redirects are not followed; 408/429/5xx are retryable, other 4xx permanent. */
export async function sendAlert(
  endpoint: string,
  alert: Alert,
  raisedAt: number,
  deliveryId: string,
  signingKey: CryptoKey | null,
  githubServerUrl: string | null,
  publicUrl: string | null,
): Promise<Attempt<null>> {
  const target = targetOf(endpoint);
  const body = encoder.encode(JSON.stringify(formatAlert(alert, target, raisedAt, githubServerUrl, publicUrl)));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "internalbf" };
  if (target === "generic" && signingKey !== null) {
    Object.assign(headers, await signatureHeaders([signingKey], deliveryId, Math.floor(Date.now() / 1000), body));
  }
  const now = Date.now();
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
    });
  } catch (error) {
    return failed(true, `alert endpoint unreachable: ${describeNetworkError(error)}`);
  }
  if (response.ok) {
    await response.body?.cancel();
    return succeeded(null);
  }
  const text = (await response.text()).slice(0, 300);
  if (response.status >= 300 && response.status < 400) {
    return failed(false, `alert endpoint answered a redirect (${response.status}); redirects are not followed`);
  }
  const { retryable, notBefore } = classifyStatus(response.status, response.headers, now);
  return failed(retryable, `alert endpoint answered ${response.status}`, notBefore ?? discordRetryAfter(text, now));
}

/** Discord puts its wait (seconds) in the body's `retry_after`. */
function discordRetryAfter(text: string, now: number): number | null {
  try {
    const value = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
    return typeof value === "number" && value >= 0 ? now + Math.ceil(value * 1000) : null;
  } catch {
    return null;
  }
}
