import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

interface Page {
  events: { id: number; sha: string | null; kind: string }[];
  next_cursor: string | null;
}

const page = async (query: string): Promise<Page> => {
  const response = await get(`/events?${query}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};

it("GET /events answers the whole audit trail newest first, a page at a time, following next_cursor", async () => {
  for (let n = 1; n <= 5; n++) await decisionOf(notification({ commit_sha: sha(n), status: "skipped" }));
  const seen: Page["events"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const next: Page = await page(`limit=2${cursor === null ? "" : `&cursor=${cursor}`}`);
    expect(next.events.length).toBeLessThanOrEqual(2);
    seen.push(...next.events);
    cursor = next.next_cursor;
    pages++;
  } while (cursor !== null);
  expect(pages).toBe(3);
  expect(seen.map((event) => event.sha)).toEqual([sha(5), sha(4), sha(3), sha(2), sha(1)]);
  const ids = seen.map((event) => event.id);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect((await page("")).events).toEqual(seen);
});

it("each event carries its id, time, commit, environment, kind, actor, via, reason and detail", async () => {
  await decisionOf(notification({ commit_sha: sha(1), status: "skipped" }));
  const [event] = (await page("limit=1")).events;
  expect(event).toEqual({
    id: expect.any(Number),
    at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    sha: sha(1),
    environment: "staging",
    kind: "staging_skipped",
    actor: "octocat",
    via: "github",
    reason: null,
    detail: expect.any(Object),
  });
});

it("an empty audit trail is one empty page", async () => {
  expect(await page("")).toEqual({ events: [], next_cursor: null });
});
