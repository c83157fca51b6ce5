import { reset } from "cloudflare:test";
import { beforeAll, beforeEach, expect, it } from "vitest";
import type { FakeRun } from "../../fakes/contract";
import { resultOf, startOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { type AppKey, appKey } from "./keys";
import { APP_ID, appBindings, authorizations, issuedTokens, receive, registerApp, withApp } from "./support";

let key: AppKey;

beforeAll(async () => {
  key = await appKey();
});

beforeEach(async () => {
  await reset();
  await outside.reset();
  await registerApp(key);
  await outside.history([sha(1), sha(2)]);
});

const runOf = async (n: number): Promise<FakeRun> => {
  const run = (await outside.runs()).find((candidate) => candidate.commit_sha === sha(n));
  if (run === undefined) throw new Error(`no run for ${sha(n)}`);
  return run;
};

it("dispatches with Bearer and the installation token, asked for with a JWT GitHub accepts", async () => {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));

  expect(await outside.dispatched()).toEqual([sha(1)]);
  const [issued, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  expect(await authorizations("dispatch")).toEqual([`Bearer ${issued?.token}`]);
  // The fake issued it only to a JWT its public key verified: iss the App, at most 10 minutes long.
  expect(issued?.claims.iss).toBe(APP_ID);
  expect((issued?.claims.exp ?? 0) - (issued?.claims.iat ?? 0)).toBeLessThanOrEqual(600);
  const [asked] = await outside.requests("app_token");
  expect(JSON.parse(asked?.body ?? "{}")).toMatchObject({
    repositories: ["monorepo"],
    permissions: { actions: "write", contents: "read" },
  });
  expect(asked?.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
});

it("asks for the token once for a dispatch, a run lookup, a compare and the next dispatch", async () => {
  await withApp(appBindings(key), async (app) => {
    await receive(app, notification({ commit_sha: sha(1) }));
  });
  await withApp(appBindings(key), async (app) => {
    // The cron asks about the run in flight; the run starts, succeeds; the next commit is compared, sent.
    await app.pipeline.tick();
    const run = await runOf(1);
    await receive(app, startOf(run));
    await receive(app, resultOf(run, "success"));
    await receive(app, notification({ commit_sha: sha(2) }));
  });

  expect(await outside.dispatched()).toEqual([sha(1), sha(2)]);
  const calls = [...(await outside.requests("run")), ...(await outside.requests("compare"))];
  expect(calls.length).toBeGreaterThanOrEqual(2);
  const [issued, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  const everyCall = [...(await authorizations("dispatch")), ...calls.map((request) => request.headers.authorization)];
  expect(new Set(everyCall)).toEqual(new Set([`Bearer ${issued?.token}`]));
  const [live] = await query<{ sha: string }>(
    "SELECT sha FROM deployments WHERE environment = 'production' AND status = 'dispatched'",
  );
  expect(live?.sha).toBe(sha(2));
});
