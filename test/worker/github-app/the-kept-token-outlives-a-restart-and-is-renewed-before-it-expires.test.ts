import { abortAllDurableObjects } from "cloudflare:test";
import { expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { appBindings, authorizations, issuedTokens, receive, travelToken, useApp, withApp } from "./support";

const key = useApp();

/** The cron's tick: it asks GitHub about the run in flight (one GitHub call, with the token). */
const tick = () => withApp(appBindings(key), (app) => app.pipeline.tick());

it("reuses the kept token after the object restarts", async () => {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));
  await abortAllDurableObjects();
  await tick();

  const [issued, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  expect(await authorizations("run")).toEqual([`Bearer ${issued?.token}`]);
});

it("keeps using the token while more than five minutes remain", async () => {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));
  // Issued for an hour: 54 minutes on, 6 remain.
  await travelToken(54 * 60_000);
  await tick();

  expect(await issuedTokens()).toHaveLength(1);
});

it("takes a new token once fewer than five minutes remain, and uses it", async () => {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));
  await travelToken(56 * 60_000);
  await tick();

  const [first, renewed, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  expect(renewed?.token).not.toBe(first?.token);
  expect(await authorizations("run")).toEqual([`Bearer ${renewed?.token}`]);
  // The renewed token is kept in turn.
  await tick();
  expect(await issuedTokens()).toHaveLength(2);
});
