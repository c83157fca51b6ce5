import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { HEARTBEAT_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { cronRun } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("pings HEARTBEAT_URL with one GET on each cron run", async () => {
  await cronRun();
  const first = await outside.requests("heartbeat");
  expect(first).toHaveLength(1);
  expect(first[0]).toMatchObject({ method: "GET", path: `/heartbeat/${HEARTBEAT_TOKEN}`, body: "" });

  await cronRun();
  await cronRun();
  expect(await outside.requests("heartbeat")).toHaveLength(3);
});

it("pings once per run while the run also asks GitHub about a deployment in flight", async () => {
  expect(await decisionOf(notification({ commit_sha: sha(1) }))).toBe("production_dispatch_queued");
  await settled();
  await cronRun();
  expect(await outside.requests("heartbeat")).toHaveLength(1);
});
