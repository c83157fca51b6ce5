// GitHub answering 503 to every one of the dispatch's ten attempts: after the last one the failure
// is final — visible in the commit's record and the pipeline, alerted to every receiver — and the
// slot is free again. The waits between attempts are compressed (time travel on the stopped
// worker's storage, then a restart and the cron); the attempts themselves are real.
import { afterAll, beforeAll, expect, it } from "vitest";
import { decisionOf, deliver } from "./support/intake";
import { control, pipelineOf, recordOf, runsPerCommit, settled, waitFor } from "./support/observe";
import { makeOutboxDueNow } from "./support/time-travel";
import { notification, sha, startWorld, type World } from "./support/world";

const ATTEMPTS = 10;
const COMMIT = sha(0x700);

let world: World;

beforeAll(async () => {
  world = await startWorld({ persisted: true });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const requestsFor = (route: string) =>
  world.fake.state().requests.filter((request) => request.route === route && request.body.includes(COMMIT));

it(`after ${ATTEMPTS} failed attempts the dispatch fails for good: visible, alerted, never sent again`, async () => {
  await control(world.fake, "script", {
    route: "dispatch",
    responses: Array.from({ length: ATTEMPTS + 2 }, () => ({ status: 503, body: { message: "Service Unavailable" } })),
  });
  expect(decisionOf(await deliver(world.worker().url, notification({ commit_sha: COMMIT })))).toBe(
    "production_dispatch_queued",
  );

  for (let attempt = 1; attempt < ATTEMPTS; attempt++) {
    // The attempt was made and failed; the entry waits for its retry, its error visible meanwhile.
    await waitFor(async () => {
      expect(requestsFor("dispatch")).toHaveLength(attempt);
      const record = await recordOf(world.worker(), COMMIT);
      expect(record?.production?.status).toBe("dispatching");
      expect(record?.effects.find((effect) => effect.kind === "dispatch")).toMatchObject({
        state: "pending",
        attempts: attempt,
        last_error: expect.stringContaining("GitHub answered 503"),
      });
    });
    await world.crash();
    expect(world.folder).not.toBeNull();
    expect(makeOutboxDueNow(world.folder as string)).toBeGreaterThan(0);
    await world.start();
    await world.worker().triggerCron();
  }

  await waitFor(async () => {
    expect((await recordOf(world.worker(), COMMIT))?.production?.status).toBe("dispatch_failed");
  });
  const pipeline = await settled(world.worker());
  const record = await recordOf(world.worker(), COMMIT);
  expect(record?.production?.error).toMatch(new RegExp(`GitHub answered 503.*after ${ATTEMPTS} attempt`));
  expect(record?.effects.find((effect) => effect.kind === "dispatch")).toMatchObject({
    state: "failed",
    attempts: ATTEMPTS,
  });
  expect(record?.events.map((event) => event.kind)).toContain("alert_raised");
  expect(pipeline).toMatchObject({ in_flight: null, live: null });
  expect(pipeline.outbox.failed).toBe(1);
  // Slack, Discord and the generic receiver each got the alert, once.
  await waitFor(() => expect(requestsFor("alert")).toHaveLength(3));
  expect(requestsFor("dispatch")).toHaveLength(ATTEMPTS);
  expect(runsPerCommit(world.fake).get(COMMIT)).toBeUndefined();
  // Nothing is attempted again on its own.
  await world.worker().triggerCron();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(requestsFor("dispatch")).toHaveLength(ATTEMPTS);
  expect((await pipelineOf(world.worker())).outbox.failed).toBe(1);
}, 90_000);
