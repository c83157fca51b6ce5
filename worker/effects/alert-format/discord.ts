// The Discord message of an alert. Every notification field is escaped for Discord's markdown
// (a backslash before each special character, so no masked link, mention or formatting opens)
// and `@everyone`/`@here` are broken with a zero-width space; `allowed_mentions` pings no one.
import type { Alert } from "../../pipeline/model";
import { clipEscaped } from "./clip";
import { runLink } from "./run-link";

const SPECIAL = /[\\*_~`|<>#[\]()-]/g;

/** `text` escaped for Discord markdown: specials backslash-escaped, `@everyone` and `@here` defused. */
export function discordEscape(text: string): string {
  return text.replace(SPECIAL, "\\$&").replace(/@(everyone|here)/gi, "@\u200b$1");
}

const clip = (text: string, max: number): string => clipEscaped(text, max, discordEscape);

/** The Discord body of `alert`; its embed links the run only when `runLink` allows it, else shows it as text. */
export function discordMessage(
  alert: Alert,
  icon: string,
  raisedAt: number,
  githubServerUrl: string | null,
): Record<string, unknown> {
  const link = alert.runUrl === null ? null : runLink(alert.runUrl, githubServerUrl);
  return {
    content: `${icon} ${clip(alert.summary, 1900)}`,
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(alert.summary, 256),
        ...(link === null ? {} : { url: link }),
        ...(alert.details === null ? {} : { description: clip(alert.details, 4000) }),
        color: alert.status === "live" ? 0x2eb67d : 0xe01e5a,
        fields: [
          { name: "Commit", value: commit(alert.sha) },
          { name: "Environment", value: clip(alert.environment, 1024), inline: true },
          { name: "Status", value: clip(alert.status, 1024), inline: true },
          ...(alert.runUrl === null || link !== null ? [] : [{ name: "Run", value: clip(alert.runUrl, 1024) }]),
        ],
        timestamp: new Date(raisedAt).toISOString(),
      },
    ],
  };
}

/** A commit SHA as code; anything else as escaped text (inside code a backslash escapes nothing). */
function commit(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? `\`${sha}\`` : clip(sha, 1024);
}
