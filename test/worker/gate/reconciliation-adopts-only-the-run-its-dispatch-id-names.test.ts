// Defect 2: the lookup after an ambiguous failure took any run whose title held the SHA. A hand-run
// of that commit that the gate had already refused was adopted as "dispatched", and then held the
// production slot for good, with no alert.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled, travel } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const productionRow = async () =>
  (
    await query<{ status: string; run_id: number | null }>(
      "SELECT status, run_id FROM deployments WHERE sha = ? AND environment = 'production'",
      sha(1),
    )
  )[0];

it("never adopts a hand-run the gate refused, and a re-run of it stays refused", async () => {
  const hand = await outside.handRun(sha(1));
  expect(await decisionOf(startOf(hand))).toBe("rejected");

  await outside.script("dispatch", [{ status: 502, body: { message: "Bad Gateway" } }]);
  expect(await decisionOf(notification({ commit_sha: sha(1) }))).toBe("production_dispatch_queued");
  await settled();
  for (let passed = 0; passed < 65; passed += 5) {
    await travel(5_000);
    await settled();
  }

  const own = (await outside.runs()).find((run) => run.id !== hand.id);
  expect(own?.dispatch_id).toMatch(/^ibf-/);
  expect(await productionRow()).toMatchObject({ status: "dispatched", run_id: own?.id });
  expect(await decisionOf(startOf(hand, { run_attempt: 2 }))).toBe("rejected");
  expect(await productionRow()).toMatchObject({ status: "dispatched", run_id: own?.id });
});

it("never adopts a refused run even when it carries the decision's dispatch id", async () => {
  await outside.listLag(600_000);
  await outside.script("dispatch", [{ status: 502, body: { message: "Bad Gateway" } }]);
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  const [{ dispatch_id } = { dispatch_id: "" }] = await query<{ dispatch_id: string }>(
    "SELECT dispatch_id FROM deployments WHERE sha = ? AND environment = 'production'",
    sha(1),
  );
  // Someone copies the dispatch id into a hand-run; a refused run of it comes first (a re-run of a refused one).
  const copy = await outside.handRun(sha(1), dispatch_id);
  await decisionOf(startOf(copy, { dispatch_id: undefined }));
  await outside.listLag(0);
  for (let passed = 0; passed < 65; passed += 5) {
    await travel(5_000);
    await settled();
  }
  expect((await productionRow())?.run_id).not.toBe(copy.id);
});
