// JSON \u escapes are JSON: the contract validates the decoded values, so an escaped body whose
// values decode to valid ones is the same notification as the plain one (accepted, recorded under
// the plain SHA), while escapes that decode to invalid values are a 400 that changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { codeOf, decisionOf, deliver, fieldsOf } from "./support/intake";
import { recordOf, runsPerCommit, settled, snapshot, waitFor } from "./support/observe";
import { notification, sha, startWorld, type World } from "./support/world";

let world: World;
const base = (): string => world.worker().url;

beforeAll(async () => {
  world = await startWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
});

/** Writes every character of `text` as a \u escape (JSON text, not a JS string). */
const escaped = (text: string): string =>
  [...text].map((char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`).join("");

it("a fully escaped event, SHA and field name are the plain notification", async () => {
  const commit = sha(0xa01);
  const plain = JSON.stringify(
    notification({ commit_sha: commit, event: "staging_deployment_started", status: undefined }),
  );
  const body = plain
    .replace('"staging_deployment_started"', `"${escaped("staging_deployment_started")}"`)
    .replace(`"${commit}"`, `"${escaped(commit)}"`)
    .replace('"commit_sha"', `"commit${escaped("_")}sha"`);
  expect(body).not.toContain(commit);
  const answer = await deliver(base(), null, { body, path: "/deployment/staging/started" });
  expect(answer.status).toBe(202);
  expect(answer.body).toMatchObject({ decision: "recorded", deployment: { sha: commit, status: "started" } });
  expect((await recordOf(world.worker(), commit))?.staging?.status).toBe("started");
});

it("an escaped staging success promotes the plain SHA, and its plain twin is the same result", async () => {
  const commit = sha(0xa02);
  const plain = JSON.stringify(notification({ commit_sha: commit }));
  const body = plain
    .replace('"success"', `"${escaped("success")}"`)
    .replace(commit, `${commit.slice(0, 20)}${escaped(commit.slice(20))}`);
  expect(decisionOf(await deliver(base(), null, { body }))).toBe("production_dispatch_queued");
  await waitFor(() => expect(runsPerCommit(world.fake).get(commit)).toBe(1));
  // The same result delivered again, unescaped, under a new webhook-id: already decided.
  expect(decisionOf(await deliver(base(), null, { body: plain }))).toBe("recorded");
  await settled(world.worker());
  expect(runsPerCommit(world.fake).get(commit)).toBe(1);
  expect((await recordOf(world.worker(), commit))?.production?.status).toBe("dispatched");
});

it.each([
  ["a SHA escaped into upper case", (commit: string) => escaped(commit.toUpperCase())],
  ["a SHA with an escaped zero-width space", (commit: string) => `${commit.slice(0, 39)}\\u200b${commit.slice(39)}`],
  ["a SHA with an escaped Cyrillic letter", (commit: string) => `${commit.slice(0, 39)}\\u0430`],
])("%s is a 400 naming commit_sha, and changes nothing", async (_name, write) => {
  const commit = sha(0xa03);
  const body = JSON.stringify(notification({ commit_sha: commit })).replace(commit, write(commit));
  const before = await snapshot(world.worker(), world.fake, [commit]);
  const answer = await deliver(base(), null, { body });
  expect({ status: answer.status, code: codeOf(answer), fields: fieldsOf(answer) }).toEqual({
    status: 400,
    code: "invalid_payload",
    fields: ["commit_sha"],
  });
  expect(await snapshot(world.worker(), world.fake, [commit])).toEqual(before);
});
