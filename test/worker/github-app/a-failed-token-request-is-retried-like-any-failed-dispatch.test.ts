import { expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { appBindings, dueNow, issuedTokens, receive, useApp, withApp } from "./support";

const key = useApp();

async function dispatchEntry() {
  const [row] = await query<{
    state: string;
    attempts: number;
    last_error: string | null;
    looking_since: number | null;
  }>("SELECT state, attempts, last_error, looking_since FROM outbox WHERE kind = 'dispatch'");
  return row;
}

async function productionStatus(): Promise<string | undefined> {
  const [row] = await query<{ status: string }>("SELECT status FROM deployments WHERE environment = 'production'");
  return row?.status;
}

it.each([
  [500, { message: "Server Error" }],
  [401, { message: "A JSON web token could not be decoded" }],
])("after a %i to the token request: nothing was sent, the retry sends the dispatch once", async (status, body) => {
  await outside.script("app_token", [{ status, body }]);
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));

  expect(await outside.requests("dispatch")).toEqual([]);
  // A failed attempt like any other: counted, backed off, no lookup first (nothing reached GitHub).
  expect(await dispatchEntry()).toMatchObject({
    state: "pending",
    attempts: 1,
    last_error: expect.stringContaining(`token request (installation 7007) answered ${status}`),
    looking_since: null,
  });
  expect(await productionStatus()).toBe("dispatching");

  await withApp(appBindings(key), async (app) => dueNow(app));
  expect(await outside.dispatched()).toEqual([sha(1)]);
  expect(await outside.runs()).toHaveLength(1);
  expect(await issuedTokens()).toHaveLength(1);
  expect(await productionStatus()).toBe("dispatched");
});

it("an installation that is not the App's fails the dispatch for good, naming the setting", async () => {
  await outside.script("app_token", [{ status: 404, body: { message: "Not Found" } }]);
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));

  expect(await outside.requests("dispatch")).toEqual([]);
  expect(await dispatchEntry()).toMatchObject({
    state: "failed",
    last_error: expect.stringContaining("GITHUB_APP_INSTALLATION_ID"),
  });
  expect(await productionStatus()).toBe("dispatch_failed");
});
