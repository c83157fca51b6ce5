import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { get, notification } from "../support/notify";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const A = `3f2a1b0c${"a".repeat(32)}`;
const B = `9c8d7e6f${"b".repeat(32)}`;

const shasOf = async (query: string): Promise<(string | null)[]> => {
  const response = await get(`/events?${query}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: { sha: string | null }[] }).events.map((event) => event.sha);
};

it("GET /events?sha= answers only that commit's events, named by its full SHA, a 7-character prefix or in upper case", async () => {
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: A }));
  await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: B }));
  await decisionOf(notification({ commit_sha: A, status: "skipped" }));
  expect(await shasOf("")).toEqual([A, B, A]);
  for (const named of [A, A.slice(0, 7), A.slice(0, 12), A.slice(0, 7).toUpperCase()]) {
    expect(await shasOf(`sha=${named}`)).toEqual([A, A]);
  }
  expect(await shasOf(`sha=${B.slice(0, 7)}`)).toEqual([B]);
});

it("pages one commit's events with next_cursor", async () => {
  for (let n = 0; n < 3; n++) {
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: A }));
    await decisionOf(notification({ event: "staging_deployment_started", status: undefined, commit_sha: B }));
  }
  const first = (await (await get(`/events?sha=${A.slice(0, 7)}&limit=2`, ADMIN_TOKEN)).json()) as {
    events: { id: number; sha: string }[];
    next_cursor: string;
  };
  expect(first.events.map((event) => event.sha)).toEqual([A, A]);
  const second = (await (
    await get(`/events?sha=${A.slice(0, 7)}&limit=2&cursor=${first.next_cursor}`, ADMIN_TOKEN)
  ).json()) as { events: { id: number; sha: string }[]; next_cursor: string | null };
  expect(second.events.map((event) => event.sha)).toEqual([A]);
  expect(second.next_cursor).toBeNull();
  expect(second.events[0]?.id).toBeLessThan(first.events[1]?.id ?? 0);
});
