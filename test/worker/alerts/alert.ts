// An alert to format, with a SHA whose short form is its own (the builders' `sha(n)` start with
// zeros), and readers for the parts of each body that say what to do: links, command, commit.
import type { Alert } from "../../../worker/pipeline/model";
import { GOOD_RUN_URL } from "./markup";

export const SHA = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a";
export const PUBLIC_URL = "https://internalbf.invalid";
export const GITHUB = "https://github.com";
/** The command a failed dispatch's alert names. */
export const RETRY = 'npm run --silent internalbf -- retry 3f2a1b0 --reason "…"';

/** A failed dispatch of SHA, with its run and subject; `overrides` replace fields. */
export function anAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    kind: "dispatch_failed",
    sha: SHA,
    environment: "production",
    status: "dispatch_failed",
    summary: "GitHub did not accept the production dispatch of 3f2a1b0: 502",
    details: null,
    runUrl: GOOD_RUN_URL,
    subject: "Fix the checkout page",
    ...overrides,
  };
}

interface SlackBody {
  text: string;
  blocks: {
    type: string;
    fields?: { text: string }[];
    elements?: { type: string; text: string | { type: string; text: string }; url?: string }[];
  }[];
}

/** A Slack body's buttons, label to link. */
export function slackButtons(body: unknown): Record<string, string | undefined> {
  const actions = (body as SlackBody).blocks.filter((block) => block.type === "actions");
  const buttons = actions.flatMap((block) => block.elements ?? []);
  return Object.fromEntries(
    buttons.map((button) => [typeof button.text === "string" ? "" : button.text.text, button.url]),
  );
}

/** The texts of a Slack body's context blocks. */
export function slackContexts(body: unknown): string[] {
  const contexts = (body as SlackBody).blocks.filter((block) => block.type === "context");
  return contexts.flatMap((block) => block.elements ?? []).map((element) => String(element.text));
}

/** The text of a Slack body's field named `name` (`*Commit*\n…`), or undefined. */
export function slackField(body: unknown, name: string): string | undefined {
  const fields = (body as SlackBody).blocks.flatMap((block) => block.fields ?? []);
  return fields.find((field) => field.text.startsWith(`*${name}*\n`))?.text;
}

interface DiscordBody {
  embeds: { url?: string; fields: { name: string; value: string }[] }[];
}

/** The value of the Discord embed's field named `name`, or undefined. */
export function discordField(body: unknown, name: string): string | undefined {
  return (body as DiscordBody).embeds[0]?.fields.find((field) => field.name === name)?.value;
}

/** The Discord embed's link. */
export function discordLink(body: unknown): string | undefined {
  return (body as DiscordBody).embeds[0]?.url;
}
