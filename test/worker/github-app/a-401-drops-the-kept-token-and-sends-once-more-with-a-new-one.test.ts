import { expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { appBindings, authorizations, issuedTokens, receive, useApp, withApp } from "./support";

const key = useApp();

const BAD_CREDENTIALS = { status: 401, body: { message: "Bad credentials" } };

/** A token is kept: taken for a first call (the cron's question about the run in flight). */
async function keepAToken(): Promise<string> {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));
  const [issued] = await issuedTokens();
  if (issued === undefined) throw new Error("no token was issued");
  return issued.token;
}

it("drops a kept token GitHub refuses and asks again at once with a new one", async () => {
  const kept = await keepAToken();
  await outside.script("run", [BAD_CREDENTIALS]);
  await withApp(appBindings(key), (app) => app.pipeline.tick());

  const [, renewed, ...more] = await issuedTokens();
  expect(more).toEqual([]);
  expect(await authorizations("run")).toEqual([`Bearer ${kept}`, `Bearer ${renewed?.token}`]);
  const [row] = await query<{ value: string }>("SELECT value FROM settings WHERE name = 'github_app_token'");
  expect(row?.value).toContain(renewed?.token);
  expect(row?.value).not.toContain(kept);
});

it("sends a refused dispatch once more, and GitHub creates its run once", async () => {
  await keepAToken();
  await withApp(appBindings(key), async (app) => {
    // The next commit's dispatch meets a revoked token; GitHub carried out nothing it refused.
    await app.pipeline.command({ kind: "abandon", sha: sha(1) }, { actor: "ana", via: "token" }, "test");
    await outside.script("dispatch", [BAD_CREDENTIALS]);
    await receive(app, notification({ commit_sha: sha(2) }));
  });

  const dispatched = (await outside.dispatched()).filter((commit) => commit === sha(2));
  expect(dispatched).toHaveLength(2);
  expect((await outside.runs()).filter((run) => run.commit_sha === sha(2))).toHaveLength(1);
  expect(await issuedTokens()).toHaveLength(2);
});

it("a new token refused too ends the call, not a loop, and the next call takes another", async () => {
  const kept = await keepAToken();
  await outside.script("run", [BAD_CREDENTIALS, BAD_CREDENTIALS]);
  await withApp(appBindings(key), (app) => app.pipeline.tick());
  // Asked once more, not in a loop; the second token is dropped too.
  expect(await authorizations("run")).toHaveLength(2);
  const [row] = await query<{ n: number }>("SELECT count(*) AS n FROM settings WHERE name = 'github_app_token'");
  expect(row?.n).toBe(0);

  await withApp(appBindings(key), (app) => app.pipeline.tick());
  const tokens = (await issuedTokens()).map((issued) => issued.token);
  expect(tokens).toHaveLength(3);
  expect(tokens[0]).toBe(kept);
  expect((await authorizations("run")).at(-1)).toBe(`Bearer ${tokens[2]}`);
});
