import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { pingHeartbeat } from "../../../worker/effects/heartbeat";
import { outside } from "../support/outside";
import { captureConsole, cronRun } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const heartbeatUrl = (): string => (env as unknown as { HEARTBEAT_URL: string }).HEARTBEAT_URL;

/** A PIPELINE binding whose one Pipeline's tick is `tick`. */
const pipelineWith = (tick: () => Promise<void>) => ({ getByName: () => ({ tick }) });

it("still pings when the tick throws, and the run still fails with the tick's error", async () => {
  captureConsole();
  const run = cronRun({ PIPELINE: pipelineWith(() => Promise.reject(new Error("the tick broke"))) });
  await expect(run).rejects.toThrow("the tick broke");
  expect(await outside.requests("heartbeat")).toHaveLength(1);
});

it("starts the tick without waiting for a slow monitor, and the ping without waiting for the tick", async () => {
  let ticked = 0;
  let finishTick = (): void => {};
  const tick = () => {
    ticked = Date.now();
    return new Promise<void>((resolve) => {
      finishTick = resolve;
    });
  };
  await outside.script("heartbeat", [{ status: 200, delayMs: 1_000 }]);
  const started = Date.now();
  const run = cronRun({ PIPELINE: pipelineWith(tick) });
  // The ping reaches the monitor while the tick is still running.
  await vi.waitFor(async () => expect(await outside.requests("heartbeat")).toHaveLength(1), { timeout: 5_000 });
  expect(ticked - started).toBeLessThan(500);
  finishTick();
  await run;
});

it("gives up on a monitor that does not answer within the time limit, without throwing", async () => {
  await outside.script("heartbeat", [{ status: 200, delayMs: 3_000 }]);
  const started = Date.now();
  const failure = await pingHeartbeat(heartbeatUrl(), 200);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(failure).toEqual({ status: null, error: "the monitor did not answer in time" });
});

it("counts a redirect as a failure and does not follow it", async () => {
  await outside.script("heartbeat", [{ status: 302, headers: { location: "/elsewhere" } }]);
  expect(await pingHeartbeat(heartbeatUrl())).toMatchObject({ status: 302 });
  expect((await outside.requests()).map((request) => request.path)).toHaveLength(1);
});
