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
  await decisionOf(notification({ commit_sha: sha(2), status: "failure" }));
  await decisionOf(notification({ commit_sha: sha(2), status: "failure", run_attempt: 2 }));
  const [entry] = await query<{ state: string; due_at: number; updated_at: number }>(
    "SELECT state, due_at, updated_at FROM outbox WHERE key = ?",
    `deployment:${sha(2)}`,
  );
  // One pending write for both changes, not before a second after the last write.
  expect(entry?.state).toBe("pending");
  expect(entry?.due_at).toBeGreaterThanOrEqual((entry?.updated_at ?? 0) + 1000);
  const record = (await env.AUDIT.get(`deployment:${sha(2)}`, "json")) as { staging: { status: string } };
  expect(record.staging.status).toBe("started");
  await runOutboxNow();
  await settled();
  const latest = (await env.AUDIT.get(`deployment:${sha(2)}`, "json")) as {
    staging: { status: string };
    events: unknown[];
  };
  expect(latest.staging.status).toBe("failure");
  expect(latest.events.length).toBeGreaterThanOrEqual(3);
  const mirrors = await query<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE key = ?", `deployment:${sha(2)}`);
  expect(mirrors[0]?.n).toBe(1);
});
