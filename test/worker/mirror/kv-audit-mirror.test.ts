import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { decisionOf, goLive } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, runOutboxNow, settled } from "../support/pipeline";

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
  const behind = async () =>
    (
      await query<{ n: number }>(
        "SELECT count(*) AS n FROM events WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'mirror_cursor'), 0)",
      )
    )[0]?.n;
  expect(await behind()).toBe(3);
  await runOutboxNow();
  await settled();
  expect(await behind()).toBe(0);
  for (let n = 1; n <= 3; n++) expect(await env.AUDIT.get(`deployment:${sha(n)}`)).not.toBeNull();
});
