// The Slack message of an alert. Every notification field is escaped for mrkdwn (`&`, `<`, `>`),
// so none can open a control sequence (`<!channel>`, `<@U…>`, `<url|label>`), and every mrkdwn
// object is `verbatim`, so Slack links no bare URL or channel name and parses no mention.
import type { Alert } from "../../pipeline/model";
import { clipEscaped } from "./clip";
import { runLink } from "./run-link";

/** `text` escaped for Slack mrkdwn: `&`, `<` and `>` as entities. */
export function slackEscape(text: string): string {
  return text.replace(/[&<>]/g, (char) => (char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;"));
}

const mrkdwn = (text: string) => ({ type: "mrkdwn", text, verbatim: true });
const clip = (text: string, max: number): string => clipEscaped(text, max, slackEscape);

/** The Slack body of `alert`; its run URL is a `<url|run>` link only when `runLink` allows it. */
export function slackMessage(alert: Alert, icon: string, githubServerUrl: string | null): Record<string, unknown> {
  return {
    text: `${icon} ${clip(alert.summary, 2900)}`,
    blocks: [
      { type: "section", text: mrkdwn(`${icon} *${clip(alert.summary, 2900)}*`) },
      {
        type: "section",
        fields: [
          mrkdwn(`*Commit*\n\`${clip(alert.sha, 1900)}\``),
          mrkdwn(`*Environment*\n${clip(alert.environment, 1900)}`),
          mrkdwn(`*Status*\n${clip(alert.status, 1900)}`),
          mrkdwn(`*Run*\n${run(alert.runUrl, githubServerUrl)}`),
        ],
      },
      ...(alert.details === null ? [] : [{ type: "context", elements: [mrkdwn(clip(alert.details, 2900))] }]),
    ],
  };
}

function run(runUrl: string | null, githubServerUrl: string | null): string {
  if (runUrl === null) return "n/a";
  const link = runLink(runUrl, githubServerUrl);
  if (link === null) return clip(runUrl, 1900);
  // A well-formed URL has no `<` or `>`, but may hold `|`, which would end the link's target early.
  return `<${slackEscape(link).replaceAll("|", "%7C")}|run>`;
}
