// The Slack message of an alert. Every notification field is escaped for mrkdwn (`&`, `<`, `>`),
// so none can open a control sequence (`<!channel>`, `<@U…>`, `<url|label>`), and every mrkdwn
// object is `verbatim`, so Slack links no bare URL or channel name and parses no mention. Links
// are buttons, whose `url` is JSON, not mrkdwn: a `|` or `>` in it ends nothing.
import type { Alert } from "../../pipeline/model";
import { clipEscaped } from "./clip";
import { shortSha } from "./commit";
import type { AlertLinks } from "./links";

/** `text` escaped for Slack mrkdwn: `&`, `<` and `>` as entities. */
export function slackEscape(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;"));
}

/** Block Kit's limit on a button's `url`; a longer link is not cut (it would lead elsewhere) but shown as text. */
const BUTTON_URL_MAX = 3000;

const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true });
const clip = (text: string, max: number): string => clipEscaped(text, max, slackEscape);
const fits = (url: string | null): string | null => (url !== null && url.length <= BUTTON_URL_MAX ? url : null);
const button = (label: string, url: string) => ({ type: "button", text: { type: "plain_text", text: label }, url });

/** The Slack body of `alert`: buttons to its run and record where `links` allow, and the command to act on it. */
export function slackMessage(
  alert: Alert,
  icon: string,
  links: AlertLinks,
  command: string | null,
): Record<string, unknown> {
  const run = fits(links.run);
  const record = fits(links.record);
  const buttons = [
    ...(run === null ? [] : [button("Run", run)]),
    ...(record === null ? [] : [button("Record", record)]),
  ];
  return {
    text: `${icon} ${clip(alert.summary, 2900)}`,
    blocks: [
      { type: "section", text: mrkdwn(`${icon} *${clip(alert.summary, 2900)}*`) },
      {
        type: "section",
        fields: [
          mrkdwn(`*Commit*\n${commit(alert)}`),
          mrkdwn(`*Environment*\n${clip(alert.environment, 1900)}`),
          mrkdwn(`*Status*\n${clip(alert.status, 1900)}`),
          // A run URL that may not be a button is still shown, as text: it is what the run reported.
          ...(alert.runUrl === null || run !== null ? [] : [mrkdwn(`*Run*\n${clip(alert.runUrl, 1900)}`)]),
        ],
      },
      ...(alert.details === null ? [] : [{ type: "context", elements: [mrkdwn(clip(alert.details, 2900))] }]),
      ...(command === null ? [] : [{ type: "context", elements: [mrkdwn(`\`${slackEscape(command)}\``)] }]),
      ...(buttons.length === 0 ? [] : [{ type: "actions", elements: buttons }]),
    ],
  };
}

/**
 * The short SHA as code and the subject line after it, and the full SHA under them, for a search or
 * a `git show` (a field holds 2,000 characters).
 */
function commit(alert: Alert): string {
  const sha = `\`${clip(shortSha(alert.sha), 900)}\``;
  const subject = alert.subject ?? null;
  const line = subject === null || subject === "" ? sha : `${sha} ${clip(subject, 900)}`;
  return `${line}\n${clip(alert.sha, 100)}`;
}
