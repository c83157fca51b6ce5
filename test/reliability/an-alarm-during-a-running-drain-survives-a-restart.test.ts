// The outbox stays awake across a restart even when its alarm fired while another drain was
// working: a dispatch retry that was due before the restart is attempted soon after it, without
// waiting for a notification or the five-minute cron to wake the Pipeline.
//
// The sequence (deterministic): a dispatch fails (429) and waits for its retry on the alarm; a
// staging failure's alerts go to receivers that take 6 s, so a drain is busy with them when the
// alarm fires; the worker is stopped while the alerts are still in flight, and started again.
import { afterAll, beforeAll, expect, it } from "vitest";
import { decisionOf, deliver } from "./support/intake";
import { control, recordOf, waitFor } from "./support/observe";
import { notification, sha, startWorld, type World } from "./support/world";

const PROMOTED = sha(0xb01);
const FAILED = sha(0xb02);

let world: World;

beforeAll(async () => {
  world = await startWorld({ persisted: true });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const dispatches = () => world.fake.state().requests.filter((request) => request.route === "dispatch");

it("a dispatch retry due before the restart is attempted within seconds after it", async () => {
  // A 429 (GitHub refused it: no run to look for first) is retried after the backoff, 1–2 s.
  await control(world.fake, "script", {
    route: "dispatch",
    responses: [{ status: 429, headers: { "retry-after": "1" } }],
  });
  await control(world.fake, "script", { route: "alert", responses: Array(3).fill({ delayMs: 6_000 }) });
  expect(decisionOf(await deliver(world.worker().url, notification({ commit_sha: PROMOTED })))).toBe(
    "production_dispatch_queued",
  );
  await waitFor(() => expect(dispatches()).toHaveLength(1));
  const failure = notification({ commit_sha: FAILED, status: "failure" });
  expect(decisionOf(await deliver(world.worker().url, failure))).toBe("alerted");

  // The retry is due 1–2 s after the 429; its alarm fires while the alerts' drain is still busy.
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  expect(dispatches()).toHaveLength(1);
  await world.restart();
  const restartedAt = Date.now();

  // The retry was due before the restart: it should go out at once (the alarm, or the object's start).
  await waitFor(() => expect(dispatches()).toHaveLength(2), 8_000).catch(() => undefined);
  const waited = Date.now() - restartedAt;
  expect(
    dispatches(),
    `no dispatch retry ${waited} ms after the restart: the Pipeline has no alarm left (only the cron would wake it)`,
  ).toHaveLength(2);
  await waitFor(async () => expect((await recordOf(world.worker(), PROMOTED))?.production?.status).toBe("dispatched"));
}, 40_000);
