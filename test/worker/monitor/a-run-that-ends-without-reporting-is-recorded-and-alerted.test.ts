// A production run that completed without reporting to internalbf, as GitHub says it: a started run
// that failed stops the line like a reported failure; one that succeeded is `unconfirmed` (production
// probably runs it: a person checks), and its report, if it comes later, counts.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { cronRun } from "../cron/support";
import { decisionOf, goLive, resultOf, runFor, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { alertsOf, overview, productionOf } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

/** The newest run GitHub created for commit `n`. */
async function newestRun(n: number) {
  return (await outside.runs()).filter((run) => run.commit_sha === sha(n)).sort((a, b) => b.id - a.id)[0];
}

it.each(["failure", "timed_out", "startup_failure", "cancelled"])(
  "a started run that ended %s without reporting fails the deployment and puts promotion on hold",
  async (conclusion) => {
    await goLive(1);
    await decisionOf(notification({ commit_sha: sha(2) }));
    await settled();
    const run = await runFor(2);
    expect(await decisionOf(startOf(run))).toBe("approved");
    await decisionOf(notification({ commit_sha: sha(3) })); // waits behind #2
    await outside.runStatus(run.id, "completed", conclusion);
    await cronRun();
    await settled();
    expect(await productionOf(sha(2))).toMatchObject({ status: "failed" });
    expect(await outside.dispatched()).toEqual([sha(1), sha(2)]);
    const pipeline = await overview();
    expect(pipeline.on_hold).not.toBeNull();
    expect(pipeline.live).toBe(sha(1));
    const [alert] = await alertsOf("run_unreported");
    expect(alert?.summary).toMatch(new RegExp(`ended ${conclusion} without reporting.*on hold`));
  },
);

it("a run GitHub says succeeded but that never reported is unconfirmed, and its late report makes it live", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  const run = await newestRun(2);
  if (run === undefined) throw new Error("no run");
  await decisionOf(startOf(run));
  await outside.runStatus(run.id, "completed", "success");
  await cronRun();
  expect(await productionOf(sha(2))).toMatchObject({ status: "unconfirmed" });
  expect((await overview()).live).toBe(sha(1));
  expect((await alertsOf("unconfirmed")).map((alert) => alert.sha)).toEqual([sha(2)]);
  // The report was only late.
  await decisionOf(resultOf(run, "success"));
  expect((await overview()).live).toBe(sha(2));
  expect(await productionOf(sha(1))).toMatchObject({ status: "retired" });
});

it("a run whose id GitHub never gave is found by its dispatch id, then watched", async () => {
  await outside.rejectRunDetails(true);
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  expect(await productionOf(sha(1))).toMatchObject({ status: "dispatched", run_id: null });
  const run = await runFor(1);
  await outside.runStatus(run.id, "completed", "cancelled");
  await cronRun();
  expect(await productionOf(sha(1))).toMatchObject({ status: "dispatch_failed", run_id: run.id });
});
