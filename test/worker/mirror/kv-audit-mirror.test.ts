import { reset, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import {
  MIRROR_BATCH,
  MIRROR_BUSY_BATCH,
  MIRROR_DELAY_MS,
  MIRROR_MAX_LAG_MS,
  mirrorBatch,
} from "../../../worker/pipeline/mirror/pace";
import { decisionOf, goLive } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query, runOutboxNow, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("mirrors a commit's record with its events to deployment:<sha>, off the intake's path", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(2) }));
  await settled();
  expect(await env.AUDIT.get(`deployment:${sha(2)}`)).toBeNull();
  await runOutboxNow();
  await settled();
  const record = (await env.AUDIT.get(`deployment:${sha(2)}`, "json")) as {
    staging: { status: string };
    events: unknown[];
  };
  expect(record.staging.status).toBe("started");
  expect(record.events).toHaveLength(1);
});

it("points production:current at the live commit", async () => {
  await goLive(3);
  await runOutboxNow();
  await settled();
  expect(await env.AUDIT.get("production:current")).toBe(sha(3));
});

it("coalesces changes to one key into writes at least a second apart", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(2) }));
  await runOutboxNow();
  await settled();
  const stagingOf = async () =>
    ((await env.AUDIT.get(`deployment:${sha(2)}`, "json")) as { staging: { status: string }; events: unknown[] })
      .staging.status;
  expect(await stagingOf()).toBe("started");
  await decisionOf(notification({ commit_sha: sha(2), status: "failure" }));
  await decisionOf(notification({ commit_sha: sha(2), status: "failure", run_attempt: 2 }));
  // Due, but the key was written less than a second ago: not yet.
  await runOutboxNow();
  await settled();
  expect(await stagingOf()).toBe("started");
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await runOutboxNow();
  await settled();
  const latest = (await env.AUDIT.get(`deployment:${sha(2)}`, "json")) as {
    staging: { status: string };
    events: unknown[];
  };
  expect(latest.staging.status).toBe("failure");
  expect(latest.events.length).toBeGreaterThanOrEqual(3);
});

it("shows how far the mirror is behind, and catches up", async () => {
  for (let n = 1; n <= 3; n++) {
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) }));
  }
  expect(await behind()).toBe(3);
  await runOutboxNow();
  await settled();
  expect(await behind()).toBe(0);
  for (let n = 1; n <= 3; n++) expect(await env.AUDIT.get(`deployment:${sha(n)}`)).not.toBeNull();
});

it("yields to a burst of notifications, then catches up once it is quiet", async () => {
  const count = MIRROR_BUSY_BATCH + 5;
  for (let n = 1; n <= count; n++) {
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) }));
  }
  // A notification arrived less than a second ago: this pass mirrors a short batch only.
  await runOutboxNow();
  await settled();
  expect(await behind()).toBe(count - MIRROR_BUSY_BATCH);
  expect(await env.AUDIT.get(`deployment:${sha(1)}`)).not.toBeNull();
  expect(await env.AUDIT.get(`deployment:${sha(count)}`)).toBeNull();
  // Quiet for a second (and a second since the last pass): the rest goes in one pass.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await runOutboxNow();
  await settled();
  expect(await behind()).toBe(0);
  expect(await env.AUDIT.get(`deployment:${sha(count)}`)).not.toBeNull();
});

it("works at full rate during a burst once what waits is 30 s old", async () => {
  const count = MIRROR_BUSY_BATCH + 5;
  for (let n = 1; n <= count; n++) {
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: sha(n) }));
  }
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec("UPDATE events SET at = at - ?", MIRROR_MAX_LAG_MS);
  });
  await runOutboxNow();
  await settled();
  expect(await behind()).toBe(0);
});

it("sizes a pass by intake and lag: short during a burst, full when quiet or far behind", () => {
  const now = 1_000_000;
  expect(mirrorBatch(now, now - 10, now - 5_000)).toBe(MIRROR_BUSY_BATCH);
  expect(mirrorBatch(now, now - MIRROR_DELAY_MS, now - 5_000)).toBe(MIRROR_BATCH);
  expect(mirrorBatch(now, 0, now - 5_000)).toBe(MIRROR_BATCH);
  expect(mirrorBatch(now, now - 10, now - MIRROR_MAX_LAG_MS)).toBe(MIRROR_BATCH);
  expect(mirrorBatch(now, now - 10, now - MIRROR_MAX_LAG_MS + 1)).toBe(MIRROR_BUSY_BATCH);
});

async function behind(): Promise<number | undefined> {
  return (
    await query<{ n: number }>(
      "SELECT count(*) AS n FROM events WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'mirror_cursor'), 0)",
    )
  )[0]?.n;
}
