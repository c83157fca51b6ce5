// Alert injection through the buttons: a button is a link under a label internalbf chose, so a
// run URL that may not be a link (see run-link.ts) never becomes one, whatever else is linked.
import { describe, expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { anAlert, discordLink, GITHUB, PUBLIC_URL, SHA, slackButtons, slackField } from "./alert";
import { GOOD_RUN_URL, HOSTILE_RUN_URLS } from "./markup";

const RECORD = `${PUBLIC_URL}/deployments/${SHA}`;

describe("a run URL off GITHUB_SERVER_URL", () => {
  it.each([
    ...HOSTILE_RUN_URLS,
    "http://github.com/bolt-foundry/monorepo/actions/runs/9",
    "https://github.com.evil.invalid/o/r/actions/runs/1",
    "https://evil@github.com/o/r/actions/runs/1",
  ])("%s is no Slack button, and the record still is", (runUrl) => {
    const body = formatAlert(anAlert({ runUrl }), "slack", 0, GITHUB, PUBLIC_URL);
    expect(slackButtons(body)).toEqual({ Record: RECORD });
    expect(slackField(body, "Run")).toBeDefined();
  });

  it.each(HOSTILE_RUN_URLS)("%s is not Discord's embed link", (runUrl) => {
    expect(discordLink(formatAlert(anAlert({ runUrl }), "discord", 0, GITHUB, PUBLIC_URL))).toBeUndefined();
  });

  it.each(HOSTILE_RUN_URLS)("%s is no link in the generic event, which keeps it as run_url", (runUrl) => {
    expect(formatAlert(anAlert({ runUrl }), "generic", 0, GITHUB, PUBLIC_URL)).toMatchObject({
      run_url: runUrl,
      links: { run: null, record: RECORD },
    });
  });
});

it("with GITHUB_SERVER_URL invalid, not even GitHub's run URL is a button", () => {
  const body = formatAlert(anAlert({ runUrl: GOOD_RUN_URL }), "slack", 0, null, PUBLIC_URL);
  expect(slackButtons(body)).toEqual({ Record: RECORD });
});
