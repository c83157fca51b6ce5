import { reset } from "cloudflare:test";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { pingHeartbeat } from "../../../worker/effects/heartbeat";
import type { Scripted } from "../../fakes/contract";
import { ADMIN_TOKEN, HEARTBEAT_TOKEN } from "../support/bindings";
import { goLive } from "../support/flow";
import { get, notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";
import { captureConsole, cronRun } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything a cron run could change: the outbox and the audit trail row by row, /pipeline, what was sent but pings. */
async function world() {
  const pipeline = await get("/pipeline", ADMIN_TOKEN);
  expect(pipeline.status).toBe(200);
  return {
    outbox: await query("SELECT * FROM outbox ORDER BY id"),
    events: await query("SELECT * FROM events ORDER BY id"),
    pipeline: await pipeline.json(),
    sent: (await outside.requests()).filter((request) => request.route !== "heartbeat"),
  };
}

it.each<[string, Scripted]>([
  ["answers 500", { status: 500, body: { error: "down" } }],
  ["drops the connection", { reset: true }],
])("a monitor that %s: logged at warn without its URL, and nothing else changes", async (_name, answer) => {
  await goLive(1);
  // A staging failure leaves an alert on the record, and a success of 2 waits behind nothing.
  expect((await post(notification({ commit_sha: sha(2), status: "failure" }))).status).toBe(202);
  await settled();
  // A first run with a monitor that answers, so the second has only the failing ping to differ by.
  await cronRun();
  const before = await world();

  await outside.script("heartbeat", [answer]);
  const lines = captureConsole();
  await cronRun();
  await settled();
  vi.restoreAllMocks();

  expect(await world()).toEqual(before);
  expect(await outside.requests("heartbeat")).toHaveLength(2);
  const failures = lines.map((line) => JSON.parse(line)).filter((line) => line.event === "heartbeat_failed");
  expect(failures).toEqual([
    { level: "warn", event: "heartbeat_failed", status: answer.status ?? null, error: expect.any(String) },
  ]);
  const everything = lines.join("\n");
  expect(everything).not.toContain(HEARTBEAT_TOKEN);
  expect(everything).not.toContain("/heartbeat/");
  expect(everything).not.toContain("127.0.0.1");
});

it("takes the URL and its token out of a runtime error that quotes them", async () => {
  // workerd refuses this scheme before any connection, naming the URL in its message.
  const failure = await pingHeartbeat(`ftp://127.0.0.1/heartbeat/${HEARTBEAT_TOKEN}`);
  expect(failure).toMatchObject({ status: null, error: expect.stringContaining("unreachable") });
  expect(failure?.error).not.toContain(HEARTBEAT_TOKEN);
  expect(failure?.error).not.toContain("127.0.0.1");
});
