// GITHUB_SERVER_URL decides which run URLs may be links in alerts: a malformed or plain-http one
// fails /health by name, and then no run URL is ever a link.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { parseConfig } from "../../../worker/config";
import { health } from "../../../worker/operator/health";

it("answers 503 on /health naming GITHUB_SERVER_URL when it is plain http", async () => {
  const response = await health({ ...env, GITHUB_SERVER_URL: "http://github.invalid" } as unknown as Env);
  expect(response.status).toBe(503);
  const body = (await response.json()) as { checks: { name: string; ok: boolean }[] };
  expect(body.checks).toContainEqual(expect.objectContaining({ name: "GITHUB_SERVER_URL", ok: false }));
});

it.each([
  [undefined, "https://github.com"],
  ["https://ghe.invalid/", "https://ghe.invalid"],
  ["https://ghe.invalid/github//", "https://ghe.invalid/github"],
  ["http://github.invalid", null],
  ["not a url", null],
])("GITHUB_SERVER_URL %s is configured as %s", (value, expected) => {
  const config = parseConfig(value === undefined ? {} : { GITHUB_SERVER_URL: value });
  expect(config.githubServerUrl).toBe(expected);
});
