// Escaping lengthens text; a long hostile field must still fit Slack's and Discord's limits, and
// be cut before an escape, never inside one (`&am…`, a lone `\`).
import { expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { discordMarkup, hostileAlert, slackMarkup } from "./markup";

const long = { ...hostileAlert("<!channel>"), details: "<&>[]@everyone".repeat(300) };

it("a long hostile details field is cut to Slack's limit on an escape's boundary", () => {
  const body = formatAlert(long, "slack", 0, "https://github.com", null) as {
    blocks: { elements?: { text: string }[] }[];
  };
  const details = body.blocks.flatMap((block) => block.elements ?? [])[0]?.text ?? "";
  expect(details.length).toBeLessThanOrEqual(2900);
  expect(details.endsWith("…")).toBe(true);
  expect(slackMarkup(body)).toEqual([]);
});

it("a long hostile details field is cut to Discord's limit on an escape's boundary", () => {
  const body = formatAlert(long, "discord", 0, "https://github.com", null) as { embeds: { description: string }[] };
  const description = body.embeds[0]?.description ?? "";
  expect(description.length).toBeLessThanOrEqual(4000);
  expect(description).toMatch(/[^\\](\\\\)*…$/);
  expect(discordMarkup(body)).toEqual([]);
});
