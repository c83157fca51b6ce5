import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, startOf } from "../support/flow";
import { get } from "../support/notify";
import { outside } from "../support/outside";
import { query, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const A = `3f2a1b0c${"a".repeat(32)}`;

it("a commit whose only trace is a refused hand-run is found by its prefix, on /deployments/{sha} and /events", async () => {
  expect(await decisionOf(startOf(await outside.handRun(A)))).toBe("rejected");
  await settled();
  expect(await query("SELECT id FROM deployments WHERE sha = ?", A)).toEqual([]);

  const record = await get(`/deployments/${A.slice(0, 7)}`, ADMIN_TOKEN);
  expect(record.status).toBe(200);
  expect(await record.json()).toMatchObject({ sha: A, staging: null, production: null });

  const events = await get(`/events?sha=${A.slice(0, 7)}`, ADMIN_TOKEN);
  expect(events.status).toBe(200);
  const kinds = ((await events.json()) as { events: { sha: string; kind: string }[] }).events.map((e) => e.kind);
  expect(kinds).toContain("production_start_rejected");
});
