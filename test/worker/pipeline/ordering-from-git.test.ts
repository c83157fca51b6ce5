import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, goLive, productionSucceeds } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3), sha(4)], [sha(9)]);
});

const productionStatus = async (n: number) =>
  (
    await query<{ status: string }>(
      "SELECT status FROM deployments WHERE sha = ? AND environment = 'production'",
      sha(n),
    )
  )[0]?.status;

it("promotes a commit ahead of the live one, after asking GitHub's compare API", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(3) }));
  await settled();
  const compares = await outside.requests("compare");
  expect(compares.map((request) => request.path.split("?")[0])).toEqual([
    `/repos/bolt-foundry/monorepo/compare/${sha(1)}...${sha(3)}`,
  ]);
  expect(await outside.dispatched()).toEqual([sha(1), sha(3)]);
});

it("supersedes a commit that is behind the live one, even when its run is the newest", async () => {
  await goLive(3);
  // A manual staging redeploy of an older commit: the newest run, an older commit.
  await decisionOf(notification({ commit_sha: sha(2), run_id: 999, run_number: 999 }));
  await settled();
  expect(await productionStatus(2)).toBe("superseded");
  expect(await outside.dispatched()).toEqual([sha(3)]);
});

it("queues newer successes behind production and promotes only the newest after it", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  expect(await decisionOf(notification({ commit_sha: sha(3) }))).toBe("queued_behind_production");
  expect(await decisionOf(notification({ commit_sha: sha(4) }))).toBe("queued_behind_production");
  await productionSucceeds(2);
  await productionSucceeds(4);
  expect(await productionStatus(3)).toBe("superseded");
  expect(await outside.dispatched()).toEqual([sha(1), sha(2), sha(4)]);
});

it("rejects a commit that diverged from main's line, with an alert", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(9) }));
  await settled();
  expect(await productionStatus(9)).toBe("rejected");
  expect(await outside.dispatched()).toEqual([sha(1)]);
  expect((await outside.requests("alert")).some((request) => request.body.includes("diverged"))).toBe(true);
});
