// GitHub failing the way it does — 5xx, 429 with Retry-After, a 403 secondary rate limit with
// x-ratelimit-reset, a connection reset, a timeout after which the run exists — and recovering:
// the production dispatch of each commit reaches GitHub exactly once, with the server's own wait
// honoured, and the commit goes live. A permanent refusal is final at once: visible and alerted.
// After an ambiguous failure the worker looks for its run for a minute before it sends again: that
// minute is compressed (time travel on the stopped worker's storage, a restart and the cron).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scripted } from "../fakes/contract";
import { decisionOf, deliver } from "./support/intake";
import { control, recordOf, runsPerCommit, settled, waitFor } from "./support/observe";
import { type ProductionWorkflow, simulateProduction } from "./support/production";
import { makeOutboxDueNow } from "./support/time-travel";
import { notification, sha, startWorld, type World } from "./support/world";

let world: World;
let production: ProductionWorkflow;
let stopped = false;
const base = (): string | null => (stopped ? null : world.worker().url);
const url = (): string => world.worker().url;
// main's history: each case promotes the next commit, ahead of the one live before it.
const HISTORY = Array.from({ length: 20 }, (_, index) => sha(0x500 + index));
let nextCommit = 0;

beforeAll(async () => {
  world = await startWorld({ persisted: true });
  await control(world.fake, "history", { history: HISTORY, diverged: [] });
  production = simulateProduction(world.fake, base);
}, 60_000);

afterAll(async () => {
  await production?.stop();
  await world?.close();
});

const requestsFor = (route: string, commit: string) =>
  world.fake.state().requests.filter((request) => request.route === route && request.body.includes(commit));
const alertsAbout = (commit: string) => requestsFor("alert", commit);

/** Scripts GitHub's next answers, then a staging success of the next commit; returns the commit. */
async function promoteThrough(route: "dispatch" | "runs", responses: readonly Scripted[]): Promise<string> {
  const commit = HISTORY[nextCommit++] ?? "";
  await control(world.fake, "script", { route, responses });
  const answer = await deliver(url(), notification({ commit_sha: commit }));
  expect(answer.status).toBe(202);
  expect(decisionOf(answer)).toBe("production_dispatch_queued");
  return commit;
}

/**
 * Waits until `commit`'s dispatch, after its `attempts`-th attempt failed ambiguously, looks for its
 * run; then lets the minute of looking pass (the worker stopped, its waits made due, restarted).
 */
async function looksForItsRunAMinute(commit: string, attempts: number): Promise<void> {
  await waitFor(async () => {
    const effect = (await recordOf(world.worker(), commit))?.effects.find((one) => one.kind === "dispatch");
    expect(effect).toMatchObject({
      state: "pending",
      attempts,
      last_error: expect.stringContaining("looking for run"),
    });
  });
  stopped = true;
  await world.crash();
  makeOutboxDueNow(world.folder as string);
  await world.start();
  stopped = false;
  await world.worker().triggerCron();
}

/** Waits until `commit` is live (dispatched once, started at the gate, reported success). */
async function goesLive(commit: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => {
    expect((await recordOf(world.worker(), commit))?.production?.status).toBe("live");
  }, timeoutMs);
  await settled(world.worker());
  expect(runsPerCommit(world.fake).get(commit)).toBe(1);
  expect(production.runs().filter((run) => run.sha === commit)).toMatchObject([
    { started: "approved", completed: "recorded" },
  ]);
  expect(alertsAbout(commit)).toEqual([]);
}

describe("GitHub failing, then recovering: one dispatch per commit", () => {
  it.each([500, 502, 503])("after a %i that created no run: sent again after a minute of looking", async (status) => {
    const commit = await promoteThrough("dispatch", [{ status, body: { message: "Server Error" } }]);
    await looksForItsRunAMinute(commit, 1);
    await goesLive(commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(2);
  });

  it("after a connection reset (the request never reached GitHub)", async () => {
    const commit = await promoteThrough("dispatch", [{ reset: true }]);
    await looksForItsRunAMinute(commit, 1);
    await goesLive(commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(2);
  });

  it("after a 503 and then a reset (three attempts)", async () => {
    const commit = await promoteThrough("dispatch", [{ status: 503 }, { reset: true }]);
    await looksForItsRunAMinute(commit, 1);
    await looksForItsRunAMinute(commit, 2);
    await goesLive(commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(3);
  });

  it("honours Retry-After on a 429", async () => {
    const commit = await promoteThrough("dispatch", [
      { status: 429, headers: { "retry-after": "3" }, body: { message: "Too Many Requests" } },
    ]);
    await goesLive(commit);
    const [first, second] = requestsFor("dispatch", commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(3_000 - 50);
  });

  it("honours x-ratelimit-reset on a 403 secondary rate limit", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3;
    const commit = await promoteThrough("dispatch", [
      {
        status: 403,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
        body: { message: "You have exceeded a secondary rate limit" },
      },
    ]);
    await goesLive(commit);
    const [, second] = requestsFor("dispatch", commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(2);
    expect(second?.at ?? 0).toBeGreaterThanOrEqual(reset * 1000 - 50);
  });

  it("after a 500 whose lookups find GitHub's run listing down too (looked up again, then sent once)", async () => {
    await control(world.fake, "script", { route: "runs", responses: [{ status: 503 }, { status: 503 }] });
    const commit = await promoteThrough("dispatch", [{ status: 500 }]);
    await looksForItsRunAMinute(commit, 1);
    await goesLive(commit);
    expect(requestsFor("dispatch", commit)).toHaveLength(2);
  });

  it("after a timeout whose request GitHub did accept: found by its run, never sent again", async () => {
    // GitHub answers after the worker's 10 s limit, but creates the run.
    const commit = await promoteThrough("dispatch", [{ delayMs: 10_500 }]);
    await goesLive(commit, 30_000);
    expect(requestsFor("dispatch", commit)).toHaveLength(1);
    const runsLookups = world.fake.state().requests.filter((request) => request.route === "runs");
    expect(runsLookups.length).toBeGreaterThan(0);
  }, 45_000);
});

describe("GitHub refusing for good", () => {
  it.each([
    [404, "Not Found"],
    [422, "Workflow does not have 'workflow_dispatch' trigger"],
    [403, "Resource not accessible by integration"],
  ])("a %i is final at once: the failure is visible and alerted, nothing is sent again", async (status, message) => {
    const commit = await promoteThrough("dispatch", [{ status, body: { message } }]);
    await waitFor(async () => {
      expect((await recordOf(world.worker(), commit))?.production?.status).toBe("dispatch_failed");
    });
    const pipeline = await settled(world.worker());
    const record = await recordOf(world.worker(), commit);
    expect(record?.production?.error).toContain(`GitHub answered ${status}`);
    expect(record?.effects.find((effect) => effect.kind === "dispatch")).toMatchObject({
      state: "failed",
      attempts: 1,
    });
    expect(record?.events.map((event) => event.kind)).toContain("alert_raised");
    expect(pipeline.outbox.failed ?? 0).toBeGreaterThan(0);
    expect(pipeline.in_flight).toBeNull();
    // Slack, Discord and the generic receiver each got the alert.
    await waitFor(() => expect(alertsAbout(commit)).toHaveLength(3));
    expect(requestsFor("dispatch", commit)).toHaveLength(1);
    expect(runsPerCommit(world.fake).get(commit)).toBeUndefined();
  });
});
