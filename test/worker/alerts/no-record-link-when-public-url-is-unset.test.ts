// PUBLIC_URL unset (or refused: config.publicUrl is null either way) leaves internalbf nowhere to
// link a record to: no format invents one, and the run link and the command stay.
import { expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { anAlert, discordField, GITHUB, RETRY, slackButtons, slackContexts } from "./alert";
import { GOOD_RUN_URL } from "./markup";

it("Slack has a Run button and no Record button", () => {
  const body = formatAlert(anAlert(), "slack", 0, GITHUB, null);
  expect(slackButtons(body)).toEqual({ Run: GOOD_RUN_URL });
  expect(slackContexts(body)).toContain(`\`${RETRY}\``);
});

it("Slack has no actions block when there is neither link", () => {
  const body = formatAlert(anAlert({ runUrl: null }), "slack", 0, GITHUB, null) as { blocks: { type: string }[] };
  expect(body.blocks.map((block) => block.type)).not.toContain("actions");
});

it("Discord has no Record field", () => {
  const body = formatAlert(anAlert(), "discord", 0, GITHUB, null);
  expect(discordField(body, "Record")).toBeUndefined();
  expect(discordField(body, "Command")).toBe(`\`${RETRY}\``);
});

it("the generic event's record link is null", () => {
  expect(formatAlert(anAlert(), "generic", 0, GITHUB, null)).toMatchObject({
    links: { run: GOOD_RUN_URL, record: null },
    command: RETRY,
  });
});
