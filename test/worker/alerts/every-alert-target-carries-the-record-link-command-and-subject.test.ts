// Alerts that say what to do: each format names the commit by its short SHA and subject, links
// its run and its record on internalbf, and gives the CLI line that acts on it.
import { expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import {
  anAlert,
  discordField,
  discordLink,
  GITHUB,
  PUBLIC_URL,
  RETRY,
  SHA,
  slackButtons,
  slackContexts,
  slackField,
} from "./alert";
import { GOOD_RUN_URL } from "./markup";

const RECORD = `${PUBLIC_URL}/deployments/${SHA}`;

it("Slack shows the short SHA and subject, the command as code, and Run and Record buttons", () => {
  const body = formatAlert(anAlert(), "slack", 0, GITHUB, PUBLIC_URL);
  expect(slackField(body, "Commit")).toBe(`*Commit*\n` + "`3f2a1b0`" + ` Fix the checkout page\n${SHA}`);
  expect(slackContexts(body)).toContain(`\`${RETRY}\``);
  expect(slackButtons(body)).toEqual({ Run: GOOD_RUN_URL, Record: RECORD });
  expect(body).toMatchObject({ text: expect.stringContaining("GitHub did not accept the production dispatch") });
});

it("Discord shows the short SHA and subject, links the run from the embed, and has Record and Command fields", () => {
  const body = formatAlert(anAlert(), "discord", 0, GITHUB, PUBLIC_URL);
  expect(discordField(body, "Commit")).toBe(`\`3f2a1b0\` Fix the checkout page\n${SHA}`);
  expect(discordLink(body)).toBe(GOOD_RUN_URL);
  expect(discordField(body, "Record")).toBe(RECORD);
  expect(discordField(body, "Command")).toBe(`\`${RETRY}\``);
  expect(body).toMatchObject({ allowed_mentions: { parse: [] } });
});

it("the generic event carries the subject, both links and the command beside the fields it had", () => {
  expect(formatAlert(anAlert(), "generic", 0, GITHUB, PUBLIC_URL)).toEqual({
    type: "internalbf.alert",
    alert: "dispatch_failed",
    sha: SHA,
    subject: "Fix the checkout page",
    environment: "production",
    status: "dispatch_failed",
    summary: "GitHub did not accept the production dispatch of 3f2a1b0: 502",
    details: null,
    run_url: GOOD_RUN_URL,
    links: { run: GOOD_RUN_URL, record: RECORD },
    command: RETRY,
    raised_at: "1970-01-01T00:00:00.000Z",
  });
});

it("an alert with nothing to do and no subject carries neither, and still its short SHA", () => {
  const alert = anAlert({ kind: "staging_failure", environment: "staging", status: "failure", subject: null });
  const slack = formatAlert(alert, "slack", 0, GITHUB, PUBLIC_URL);
  expect(slackField(slack, "Commit")).toBe(`*Commit*\n\`3f2a1b0\`\n${SHA}`);
  expect(slackContexts(slack)).toEqual([]);
  const discord = formatAlert(alert, "discord", 0, GITHUB, PUBLIC_URL);
  expect(discordField(discord, "Commit")).toBe(`\`3f2a1b0\`\n${SHA}`);
  expect(discordField(discord, "Command")).toBeUndefined();
  expect(formatAlert(alert, "generic", 0, GITHUB, PUBLIC_URL)).toMatchObject({ subject: null, command: null });
});
