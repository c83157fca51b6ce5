import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { captureConsole } from "../cron/support";
import { ADMIN_TOKEN } from "../support/bindings";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { appBindings, issuedTokens, receive, useApp, withApp } from "./support";

const key = useApp();

afterEach(() => {
  vi.restoreAllMocks();
});

it("logs, audit events, the KV mirror and the read API carry no installation token, key or App JWT", async () => {
  const lines = captureConsole();
  await outside.script("app_token", [{ status: 502, body: { message: "Bad Gateway" } }]);
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));
  const badCredentials = { status: 401, body: { message: "Bad credentials" } };
  await outside.script("run", [badCredentials, badCredentials]);
  await withApp(appBindings(key), async (app) => {
    app.sql.exec("UPDATE outbox SET due_at = 0 WHERE state = 'pending'");
    await app.pipeline.tick();
  });
  expect(await outside.dispatched()).toEqual([sha(1)]);
  // The cron asks about the run: GitHub refuses the kept token, and the new one (a logged failure).
  await withApp(appBindings(key), (app) => app.pipeline.tick());

  const tokens = (await issuedTokens()).map((issued) => issued.token);
  const jwts = (await outside.requests("app_token")).map((request) => request.headers.authorization?.split(" ")[1]);
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const secrets = [...tokens, ...jwts, ...key.pkcs8.split("\n").slice(1, -2)].filter(
    (secret): secret is string => secret !== undefined && secret.length > 20,
  );
  const events = await query<{ detail: string | null; reason: string | null }>("SELECT detail, reason FROM events");
  const outbox = await query<{ last_error: string | null }>("SELECT last_error FROM outbox");
  const mirrored = await Promise.all(
    (await env.AUDIT.list()).keys.map(async ({ name }) => (await env.AUDIT.get(name)) ?? ""),
  );
  const read = await Promise.all(
    ["/pipeline", "/events", `/deployments/${sha(1)}`, "/health"].map(async (path) =>
      (await get(path, ADMIN_TOKEN)).text(),
    ),
  );
  const everything = [lines.join("\n"), JSON.stringify(events), JSON.stringify(outbox), ...mirrored, ...read].join(
    "\n",
  );
  for (const secret of secrets) expect(everything).not.toContain(secret);
});
