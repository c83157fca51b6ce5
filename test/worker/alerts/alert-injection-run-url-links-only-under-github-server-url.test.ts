// Regression (alert injection): any run_url became a link, so a notification could send readers
// anywhere under a "run" label. Only a well-formed https URL under GITHUB_SERVER_URL is a link.
import { describe, expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { GOOD_RUN_URL, hostileAlert } from "./markup";

const GITHUB = "https://github.com";

/** The Slack "Run" field's text and "Run" button's link, and the Discord embed's link, for `runUrl` under `serverUrl`. */
function rendered(
  runUrl: string,
  serverUrl: string | null,
): { slack: string; button: string | undefined; discord: string | undefined } {
  const alert = { ...hostileAlert(runUrl), details: null };
  const slack = formatAlert(alert, "slack", 0, serverUrl, null) as {
    blocks: { fields?: { text: string }[]; elements?: { text: { text: string }; url?: string }[] }[];
  };
  const discord = formatAlert(alert, "discord", 0, serverUrl, null) as { embeds: { url?: string }[] };
  const run = slack.blocks.flatMap((block) => block.fields ?? []).find((field) => field.text.startsWith("*Run*"));
  const button = slack.blocks.flatMap((block) => block.elements ?? []).find((element) => element.text.text === "Run");
  return { slack: run?.text ?? "", button: button?.url, discord: discord.embeds[0]?.url };
}

describe("alert injection: a run URL is a link only when it is GitHub's", () => {
  it.each([
    [GOOD_RUN_URL, GITHUB],
    ["https://ghe.invalid/github/o/r/actions/runs/1", "https://ghe.invalid/github"],
  ])("%s under %s is a link", (runUrl, serverUrl) => {
    expect(rendered(runUrl, serverUrl)).toEqual({ slack: "", button: runUrl, discord: runUrl });
  });

  it("links the whole URL when it holds a '|' (a mrkdwn link would end its target there)", () => {
    const runUrl = "https://github.com/o/r/actions/runs/1|click";
    expect(rendered(runUrl, GITHUB)).toEqual({ slack: "", button: runUrl, discord: runUrl });
  });

  it.each([
    ["plain http", "http://github.com/bolt-foundry/monorepo/actions/runs/9", GITHUB],
    ["another host that starts like GitHub's", "https://github.com.evil.invalid/o/r/actions/runs/1", GITHUB],
    ["another host", "https://evil.invalid/x", GITHUB],
    ["a URL that parses to another (dot segments)", "https://github.com/../x", GITHUB],
    ["a URL that parses to another (case)", "https://GITHUB.com/o/r/actions/runs/1", GITHUB],
    ["a URL that parses to another (default port)", "https://github.com:443/o/r/actions/runs/1", GITHUB],
    ["a URL that parses to another ('>' is encoded)", "https://github.com/o/r/actions/runs/1|click>", GITHUB],
    ["a URL with user-info", "https://evil@github.com/o/r/actions/runs/1", GITHUB],
    ["a mention, not a URL", "<!channel>", GITHUB],
    [
      "GitHub's URL outside the server's path",
      "https://ghe.invalid/other/o/r/actions/runs/1",
      "https://ghe.invalid/github",
    ],
    ["GitHub's URL while GITHUB_SERVER_URL is invalid", GOOD_RUN_URL, null],
    [
      "a loopback http server URL (links are https only)",
      "http://127.0.0.1:9/o/r/actions/runs/1",
      "http://127.0.0.1:9",
    ],
  ])("%s is text: %s", (_, runUrl, serverUrl) => {
    const { slack, button, discord } = rendered(runUrl, serverUrl);
    expect(button).toBeUndefined();
    expect(discord).toBeUndefined();
    expect(slack).not.toMatch(/[<>]/);
    expect(slack).toBe(`*Run*\n${runUrl.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`);
  });
});
