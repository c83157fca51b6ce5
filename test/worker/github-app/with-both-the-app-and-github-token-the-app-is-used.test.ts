import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { health } from "../../../worker/operator/health";
import { GITHUB_TOKEN } from "../support/bindings";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { appBindings, envWith, issuedTokens, receive, useApp, withApp } from "./support";

const key = useApp();

interface Health {
  status: string;
  github_auth: string;
  warnings: { name: string; message: string }[];
}

it("says on /health that the App is used, and that GITHUB_TOKEN is not", async () => {
  expect((env as unknown as Record<string, unknown>).GITHUB_TOKEN).toBe(GITHUB_TOKEN);
  const response = await health(envWith(appBindings(key)));
  expect(response.status).toBe(200);
  const body = (await response.json()) as Health;
  expect(body.github_auth).toBe("app");
  expect(body.warnings).toContainEqual({
    name: "GITHUB_TOKEN",
    message: expect.stringContaining("GITHUB_TOKEN is set but not used"),
  });
  expect(JSON.stringify(body)).not.toContain(GITHUB_TOKEN);
});

it("says token, with GITHUB_TOKEN alone, and none without either", async () => {
  expect(((await (await health(env)).json()) as Health).github_auth).toBe("token");
  const neither = (await (await health(envWith({ GITHUB_TOKEN: undefined }))).json()) as Health;
  expect(neither.github_auth).toBe("none");
});

it("dispatches with the installation token, never with GITHUB_TOKEN", async () => {
  await withApp(appBindings(key), (app) => receive(app, notification({ commit_sha: sha(1) })));

  const [issued] = await issuedTokens();
  const [dispatch, ...more] = await outside.requests("dispatch");
  expect(more).toEqual([]);
  expect(dispatch?.headers.authorization).toBe(`Bearer ${issued?.token}`);
  expect(JSON.stringify(await outside.requests())).not.toContain(GITHUB_TOKEN);
});
