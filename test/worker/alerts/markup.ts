// Hostile notification fields, and checks that find markup of theirs that reached a message body.
import type { Alert } from "../../../worker/pipeline/model";
import { sha } from "../support/notify";

/** A run URL that is GitHub's, and so may be a link. */
export const GOOD_RUN_URL = "https://github.com/bolt-foundry/monorepo/actions/runs/9";

/** Run URLs a sender could use to ping a channel or disguise a link. */
export const HOSTILE_RUN_URLS = [
  "https://github.com/o/r/actions/runs/1|click>",
  "<!channel>",
  "https://evil.invalid/x",
] as const;

/** Details that try every mention and link form of Slack and Discord. */
export const HOSTILE_DETAILS =
  "<!channel> <@U123> <https://evil.invalid|github.com> @everyone @here <@&42> [docs](https://evil.invalid) **bold** ||spoiler|| a & b";

/** An alert whose every field is hostile (the summary too: summaries quote notification text). */
export function hostileAlert(runUrl: string): Alert {
  return {
    kind: "staging_failure",
    sha: sha(3),
    environment: "staging<!here>" as Alert["environment"],
    status: "failure <!channel>",
    summary: `Staging failed for 0000000: ${HOSTILE_DETAILS}`,
    details: HOSTILE_DETAILS,
    runUrl,
  };
}

/** Every string in `value`, with the key it sits under. */
export function stringsOf(value: unknown, key = ""): { key: string; text: string }[] {
  if (typeof value === "string") return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => stringsOf(item, key));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => stringsOf(item, name));
  }
  return [];
}

/** The strings of a Slack body holding `<`, `>` or an `&` that opens no entity: markup that was not escaped. */
export function slackMarkup(body: unknown): string[] {
  return stringsOf(body)
    .map(({ text }) => text)
    .filter((text) => /[<>]|&(?!amp;|lt;|gt;)/.test(text));
}

/** The strings of a Discord body (but the embed's `url`) holding an unescaped special or a live mention. */
export function discordMarkup(body: unknown): string[] {
  return stringsOf(body)
    .filter(({ key }) => key !== "url")
    .map(({ text }) => text)
    .filter((text) => /(^|[^\\])(\\\\)*[<>[\]()|*~_]/.test(text) || /@(everyone|here)/.test(text));
}
