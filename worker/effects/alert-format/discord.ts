// The Discord message of an alert. Every notification field is escaped for Discord's markdown
// (a backslash before each special character, so no masked link, mention or formatting opens)
// and `@everyone`/`@here` are broken with a zero-width space; `allowed_mentions` pings no one.
// The record link and the command are not escaped: a backslash would break the link, and inside
// code escapes nothing; both are built from configuration, fixed words and a hex SHA only.
import type { Alert } from "../../pipeline/model";
import { clipEscaped } from "./clip";
import { isSha, shortSha } from "./commit";
import type { AlertLinks } from "./links";

const SPECIAL = /[\\*_~`|<>#[\]()-]/g;

/** `text` escaped for Discord markdown: specials backslash-escaped, `@everyone` and `@here` defused. */
export function discordEscape(text: string): string {
  return text.replace(SPECIAL, "\\$&").replace(/@(everyone|here)/gi, "@\u200b$1");
}

const clip = (text: string, max: number): string => clipEscaped(text, max, discordEscape);

/** The Discord body of `alert`: its embed links the run, a field the record, where `links` allow; and the command. */
export function discordMessage(
  alert: Alert,
  icon: string,
  raisedAt: number,
  links: AlertLinks,
  command: string | null,
): Record<string, unknown> {
  return {
    content: `${icon} ${clip(alert.summary, 1900)}`,
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(alert.summary, 256),
        ...(links.run === null ? {} : { url: links.run }),
        ...(alert.details === null ? {} : { description: clip(alert.details, 4000) }),
        color: alert.status === "live" ? 0x2eb67d : 0xe01e5a,
        fields: [
          { name: "Commit", value: commit(alert) },
          { name: "Environment", value: clip(alert.environment, 1024), inline: true },
          { name: "Status", value: clip(alert.status, 1024), inline: true },
          ...(alert.runUrl === null || links.run !== null ? [] : [{ name: "Run", value: clip(alert.runUrl, 1024) }]),
          // A bare URL, which Discord links (what is shown is what opens); a field holds 1,024 characters.
          ...(links.record === null || links.record.length > 1024 ? [] : [{ name: "Record", value: links.record }]),
          ...(command === null ? [] : [{ name: "Command", value: `\`${command}\`` }]),
        ],
        timestamp: new Date(raisedAt).toISOString(),
      },
    ],
  };
}

/**
 * The short SHA as code, else escaped text (inside code a backslash escapes nothing); the subject
 * after it, and the full SHA under them (for a search or a `git show`).
 */
function commit(alert: Alert): string {
  const sha = isSha(alert.sha) ? `\`${shortSha(alert.sha)}\`` : clip(alert.sha, 100);
  const subject = alert.subject ?? null;
  const line = subject === null || subject === "" ? sha : `${sha} ${clip(subject, 900)}`;
  return isSha(alert.sha) ? `${line}\n${alert.sha}` : line;
}
