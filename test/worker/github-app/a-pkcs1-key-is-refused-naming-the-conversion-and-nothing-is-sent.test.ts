import { expect, it } from "vitest";
import { health } from "../../../worker/operator/health";
import { GITHUB_TOKEN } from "../support/bindings";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { appBindings, envWith, receive, useApp, withApp } from "./support";

const key = useApp();

/** A run of the key's base64 long enough that finding it anywhere means the key leaked. */
const keyPart = (pem: string): string => pem.split("\n")[3] ?? pem;

it("answers 503 on /health naming the openssl conversion, never the key", async () => {
  const response = await health(envWith(appBindings(key, key.pkcs1)));
  expect(response.status).toBe(503);
  const body = (await response.json()) as { checks: { name: string; ok: boolean; message: string }[] };
  const check = body.checks.find((candidate) => candidate.name === "GITHUB_APP_PRIVATE_KEY");
  expect(check?.ok).toBe(false);
  expect(check?.message).toContain("PKCS#1");
  expect(check?.message).toContain("openssl pkcs8 -topk8 -nocrypt -in app.private-key.pem -out app.pkcs8.pem");
  const text = JSON.stringify(body);
  for (const secret of [keyPart(key.pkcs1), keyPart(key.pkcs8), GITHUB_TOKEN]) expect(text).not.toContain(secret);
});

it("sends nothing to GitHub, neither to GITHUB_TOKEN's credentials: the dispatch waits", async () => {
  await withApp(appBindings(key, key.pkcs1), (app) => receive(app, notification({ commit_sha: sha(1) })));

  expect(await outside.requests()).toEqual([]);
  const [entry] = await query<{ state: string; attempts: number; last_error: string }>(
    "SELECT state, attempts, last_error FROM outbox WHERE kind = 'dispatch'",
  );
  expect(entry).toMatchObject({ state: "pending", attempts: 0 });
  expect(entry?.last_error).toContain("GITHUB_APP_PRIVATE_KEY failed validation");
});

it("dispatches once the worker runs with the key converted", async () => {
  await withApp(appBindings(key, key.pkcs1), (app) => receive(app, notification({ commit_sha: sha(1) })));
  await withApp(appBindings(key), (app) => app.pipeline.tick());

  expect(await outside.dispatched()).toEqual([sha(1)]);
});
