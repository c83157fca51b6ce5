// Regression (alert injection): notification fields went raw into Discord's markdown, so a sender
// could show a masked link (`[docs](https://evil…)`), a mention, or take the embed's link.
import { describe, expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { discordMarkup, HOSTILE_RUN_URLS, hostileAlert } from "./markup";

interface DiscordBody {
  content: string;
  allowed_mentions: unknown;
  embeds: { url?: string; title: string; description: string; fields: { name: string; value: string }[] }[];
}

describe("alert injection: Discord gets every notification field escaped", () => {
  it.each(HOSTILE_RUN_URLS)("no markdown or mention from the notification reaches Discord (run_url %s)", (runUrl) => {
    const body = formatAlert(hostileAlert(runUrl), "discord", 0, "https://github.com", null) as unknown as DiscordBody;
    expect(discordMarkup(body)).toEqual([]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]?.url).toBeUndefined();
  });

  it("keeps the text readable: each special character is backslash-escaped, each mass mention broken", () => {
    const body = formatAlert(
      hostileAlert("<!channel>"),
      "discord",
      0,
      "https://github.com",
      null,
    ) as unknown as DiscordBody;
    const description = body.embeds[0]?.description ?? "";
    expect(description).toContain("\\[docs\\]\\(https://evil.invalid\\)");
    expect(description).toContain("\\<@U123\\>");
    expect(description).toContain("@\u200beveryone @\u200bhere");
    expect(body.content).toContain("\\*\\*bold\\*\\*");
  });

  it("shows a run URL that may not be a link as escaped text", () => {
    const body = formatAlert(
      hostileAlert("<!channel>"),
      "discord",
      0,
      "https://github.com",
      null,
    ) as unknown as DiscordBody;
    expect(body.embeds[0]?.fields.find((field) => field.name === "Run")?.value).toBe("\\<!channel\\>");
  });
});
