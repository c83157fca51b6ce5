// Alert receivers that are down, failing or slow never hold up a promotion: the intake answers
// at once, the next commit's production dispatch goes out at once, and the alerts are delivered
// (or stay visibly pending) on their own schedule.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decisionOf, deliver } from "./support/intake";
import { control, pipelineOf, recordOf, runsPerCommit, waitFor } from "./support/observe";
import { type ProductionWorkflow, simulateProduction } from "./support/production";
import { notification, sha, startWorld, type World } from "./support/world";

/**
 * How soon after its 202 a promotion's dispatch must reach GitHub. It is attempted at once; the
 * bound is what the alerts would cost if they held it up (slow receivers answer after 8 s, a
 * failing one asks to be called again in 10 s), less a margin that a loaded machine fits in: a
 * dispatch later than this waited for an alert, one earlier did not.
 */
const PROMPT_MS = 6_000;
/** How long a slow receiver takes to answer (under the worker's 10 s alert limit). */
const SLOW_MS = 8_000;
const HISTORY = Array.from({ length: 10 }, (_, index) => sha(0x600 + index));

let world: World;
let production: ProductionWorkflow;
const base = (): string => world.worker().url;

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  const down = await closedPort();
  world = await startWorld({
    // A production failure here must let the next commit go at once (the line does not stop):
    // what is measured is whether its alert holds that promotion up.
    vars: () => ({ HOLD_ON_PRODUCTION_FAILURE: "false" }),
    // Slack and Discord on the fake (scripted slow or failing), a generic receiver that is down.
    endpoints: (fake) => [
      `${fake}/services/T000/B000/slack`,
      `${fake}/api/webhooks/1/discord`,
      `http://127.0.0.1:${down}/hooks/down`,
    ],
  });
  await control(world.fake, "history", { history: HISTORY, diverged: [] });
  production = simulateProduction(world.fake, base);
}, 60_000);

// Each case starts with the production slot free (a failed case's promotion finishes first).
beforeEach(async () => {
  await waitFor(async () => expect((await pipelineOf(world.worker())).in_flight).toBeNull(), 30_000);
}, 40_000);

afterAll(async () => {
  await production?.stop();
  await world?.close();
});

const requestsFor = (route: string, commit: string) =>
  world.fake.state().requests.filter((request) => request.route === route && request.body.includes(commit));

/** A staging failure of `failing` (alerts raised), then at once a staging success of `promoted`. */
async function failureThenSuccess(
  failing: string,
  promoted: string,
): Promise<{ answerMs: number; acceptedAt: number }> {
  const started = Date.now();
  const failure = await deliver(
    base(),
    notification({ commit_sha: failing, status: "failure", details: "E2E failed" }),
  );
  const answerMs = Date.now() - started;
  expect(decisionOf(failure)).toBe("alerted");
  const success = await deliver(base(), notification({ commit_sha: promoted }));
  expect(decisionOf(success)).toBe("production_dispatch_queued");
  return { answerMs, acceptedAt: Date.now() };
}

/** When the first dispatch of `commit` reached GitHub. */
async function dispatchedAt(commit: string, timeoutMs: number): Promise<number> {
  return waitFor(() => {
    const [first] = requestsFor("dispatch", commit);
    if (first === undefined) throw new Error(`no dispatch of ${commit} yet`);
    return first.at;
  }, timeoutMs);
}

async function goesLive(commit: string): Promise<void> {
  await waitFor(async () => expect((await recordOf(world.worker(), commit))?.production?.status).toBe("live"), 20_000);
  expect(runsPerCommit(world.fake).get(commit)).toBe(1);
}

describe("alerts never hold up a promotion", () => {
  it("receivers that answer 500 and 429, and one that is down: the next commit is dispatched at once", async () => {
    const [failing = "", promoted = ""] = [HISTORY[1], HISTORY[2]];
    await control(world.fake, "script", {
      route: "alert",
      responses: [{ status: 500 }, { status: 429, headers: { "retry-after": "10" } }],
    });
    const { answerMs, acceptedAt } = await failureThenSuccess(failing, promoted);
    expect(answerMs).toBeLessThan(PROMPT_MS);
    expect((await dispatchedAt(promoted, 10_000)) - acceptedAt).toBeLessThan(PROMPT_MS);
    await goesLive(promoted);
    // The failing receivers got the alert on a retry; the dead one's entry waits, its error visible
    // (between its attempts: one may be in flight when first looked at).
    await waitFor(() => expect(requestsFor("alert", failing).length).toBeGreaterThanOrEqual(4), 20_000);
    await waitFor(async () => {
      const record = await recordOf(world.worker(), failing);
      const alerts = record?.effects.filter((effect) => effect.kind === "alert") ?? [];
      expect(alerts).toHaveLength(3);
      expect(alerts.filter((effect) => effect.state === "done")).toHaveLength(2);
      expect(alerts.find((effect) => effect.state === "pending")?.last_error).toMatch(/unreachable/);
    }, 10_000);
  }, 45_000);

  it("receivers that take 8 s to answer: the next commit is still dispatched at once", async () => {
    const [failing = "", promoted = ""] = [HISTORY[3], HISTORY[4]];
    // Slack and Discord are slow (under the worker's 10 s alert limit); the generic one is down.
    await control(world.fake, "script", { route: "alert", responses: [{ delayMs: SLOW_MS }, { delayMs: SLOW_MS }] });
    const { answerMs, acceptedAt } = await failureThenSuccess(failing, promoted);
    expect(answerMs).toBeLessThan(PROMPT_MS);
    const waited = (await dispatchedAt(promoted, 15_000)) - acceptedAt;
    expect(waited, `the dispatch waited ${waited} ms for the alerts`).toBeLessThan(PROMPT_MS);
    await goesLive(promoted);
  }, 30_000);

  it("a production result's alert to slow receivers does not delay the next promotion", async () => {
    const [previous = "", next = ""] = [HISTORY[5], HISTORY[6]];
    // previous is dispatched; its production run fails (an alert) while next is waiting behind it.
    await production.stop();
    expect(decisionOf(await deliver(base(), notification({ commit_sha: previous })))).toBe(
      "production_dispatch_queued",
    );
    const run = await waitFor(() => {
      const found = world.fake.state().runs.find((candidate) => candidate.commit_sha === previous);
      if (found === undefined) throw new Error("not dispatched yet");
      return found.id;
    });
    expect(decisionOf(await deliver(base(), notification({ commit_sha: next })))).toBe("queued_behind_production");
    await control(world.fake, "script", { route: "alert", responses: [{ delayMs: SLOW_MS }, { delayMs: SLOW_MS }] });
    const fields = { commit_sha: previous, run_id: run };
    expect(
      decisionOf(
        await deliver(base(), notification({ ...fields, event: "production_deployment_started", status: undefined })),
      ),
    ).toBe("approved");
    const failedAt = Date.now();
    expect(
      decisionOf(
        await deliver(base(), notification({ ...fields, event: "production_deployment_complete", status: "failure" })),
      ),
    ).toBe("alerted");
    // next takes the slot: it is ordered against the live commit, then dispatched.
    const waited = (await dispatchedAt(next, 15_000)) - failedAt;
    production = simulateProduction(world.fake, base);
    expect(waited, `the dispatch waited ${waited} ms for the alerts`).toBeLessThan(PROMPT_MS);
    await goesLive(next);
  }, 40_000);
});
