// Regression (alert injection), end to end: a notification with a hostile run_url and details is
// still accepted (the run URL is the sender's word, not a reason to refuse), and what reaches the
// Slack and Discord receivers carries none of its markup; the generic event keeps the raw fields.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { discordMarkup, HOSTILE_DETAILS, slackMarkup } from "./markup";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("alert injection: a hostile run_url is accepted, and alerts carry none of its markup", async () => {
  const runUrl = "<!channel>";
  const response = await post(
    notification({ commit_sha: sha(4), status: "failure", run_url: runUrl, details: HOSTILE_DETAILS }),
  );
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ decision: "alerted" });
  await settled();

  const sent = await outside.requests("alert");
  const body = (prefix: string): unknown =>
    JSON.parse(sent.find((request) => request.path.startsWith(prefix))?.body ?? "null");
  const slack = body("/services/");
  const discord = body("/api/webhooks/") as { embeds: { url?: string }[] };
  expect(slack).not.toBeNull();
  expect(slackMarkup(slack)).toEqual([]);
  expect(JSON.stringify(slack)).toContain("&lt;!channel&gt;");
  expect(discordMarkup(discord)).toEqual([]);
  expect(discord.embeds[0]?.url).toBeUndefined();
  expect(body("/hooks/")).toMatchObject({ run_url: runUrl, details: HOSTILE_DETAILS });
});
