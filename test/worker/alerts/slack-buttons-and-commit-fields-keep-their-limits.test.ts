// Block Kit refuses a whole message over any one limit (a button's url 3,000 characters, a field
// 2,000); Discord's field holds 1,024. A link is never cut (it would lead elsewhere) and a subject
// is cut on an escape's boundary.
import { expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { anAlert, discordField, GITHUB, PUBLIC_URL, SHA, slackButtons, slackField } from "./alert";
import { discordMarkup, slackMarkup } from "./markup";

it("a GitHub run URL longer than a button's url may be is shown as text, not cut", () => {
  const runUrl = `https://github.com/o/r/actions/runs/1?${"a".repeat(3000)}`;
  const body = formatAlert(anAlert({ runUrl }), "slack", 0, GITHUB, PUBLIC_URL);
  expect(slackButtons(body)).toEqual({ Record: `${PUBLIC_URL}/deployments/${SHA}` });
  expect(slackField(body, "Run")?.length).toBeLessThanOrEqual(2000);
});

it("a long hostile subject keeps the commit within Slack's field and Discord's", () => {
  const alert = anAlert({ subject: "<&>[]@everyone".repeat(300) });
  const slack = formatAlert(alert, "slack", 0, GITHUB, PUBLIC_URL);
  expect(slackField(slack, "Commit")?.length).toBeLessThanOrEqual(2000);
  expect(slackMarkup(slack)).toEqual([]);
  const discord = formatAlert(alert, "discord", 0, GITHUB, PUBLIC_URL);
  expect(discordField(discord, "Commit")?.length).toBeLessThanOrEqual(1024);
  // Clipped with an ellipsis (never after a lone backslash), the full SHA under it.
  expect(discordField(discord, "Commit")).toMatch(/[^\\](\\\\)*…\n[0-9a-f]{40}$/);
  expect(discordMarkup(discord)).toEqual([]);
});

it("every button's label is within Block Kit's 75 characters", () => {
  for (const label of Object.keys(slackButtons(formatAlert(anAlert(), "slack", 0, GITHUB, PUBLIC_URL))))
    expect(label.length).toBeLessThanOrEqual(75);
});
