// End to end: the worker hands its GITHUB_SERVER_URL to the alert formats, so a run URL on
// github.com (wrangler.toml's default) reaches Slack as a button and Discord as a link.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { GOOD_RUN_URL } from "./markup";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("a run URL under GITHUB_SERVER_URL reaches Slack as a button and Discord as a link", async () => {
  expect(await decisionOf(notification({ commit_sha: sha(4), status: "failure", run_url: GOOD_RUN_URL }))).toBe(
    "alerted",
  );
  await settled();
  const sent = await outside.requests("alert");
  const body = (prefix: string): string => sent.find((request) => request.path.startsWith(prefix))?.body ?? "";
  expect(JSON.parse(body("/services/"))).toMatchObject({
    blocks: expect.arrayContaining([
      { type: "actions", elements: expect.arrayContaining([expect.objectContaining({ url: GOOD_RUN_URL })]) },
    ]),
  });
  expect(JSON.parse(body("/api/webhooks/"))).toMatchObject({ embeds: [{ url: GOOD_RUN_URL }] });
});
