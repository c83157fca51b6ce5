import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { type Config, parseConfig } from "../../../worker/config";
import { health } from "../../../worker/operator/health";
import { route } from "../../../worker/router";
import { ACCESS_AUD, accessTeam, accessToken } from "../support/access";
import { ADMIN_TOKEN } from "../support/bindings";
import { outside } from "../support/outside";

beforeEach(() => outside.reset());

const parsed = (settings: Record<string, string | undefined>): Config =>
  parseConfig({ ...env, ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined, ...settings });

const problemNamed = (config: Config, name: string) => config.problems.find((problem) => problem.name === name);

it.each([
  ["plain http off loopback", "http://team.invalid"],
  ["not a URL (no scheme)", "team.cloudflareaccess.com"],
  ["a URL with a path", "https://team.invalid/cdn-cgi/access/certs"],
  ["a URL with a query", "https://team.invalid/?aud=x"],
  ["a URL with credentials", "https://user:secret@team.invalid"],
])("refuses an ACCESS_TEAM_DOMAIN that is %s", (_name, value) => {
  const config = parsed({ ACCESS_TEAM_DOMAIN: value, ACCESS_AUD });
  expect(config.access).toEqual({ state: "invalid", names: ["ACCESS_TEAM_DOMAIN"] });
  expect(problemNamed(config, "ACCESS_TEAM_DOMAIN")).toMatchObject({ level: "error" });
  expect(JSON.stringify(config.problems)).not.toContain("secret@");
});

it.each([
  ["not hex", "z".repeat(64)],
  ["too short", "abc123"],
])("refuses an ACCESS_AUD that is %s", (_name, value) => {
  const config = parsed({ ACCESS_TEAM_DOMAIN: "https://team.invalid", ACCESS_AUD: value });
  expect(config.access).toEqual({ state: "invalid", names: ["ACCESS_AUD"] });
  expect(problemNamed(config, "ACCESS_AUD")?.message).toMatch(/AUD tag/);
});

it("refuses one setting without the other, naming the missing one", () => {
  expect(parsed({ ACCESS_TEAM_DOMAIN: "https://team.invalid" }).access).toEqual({
    state: "invalid",
    names: ["ACCESS_AUD"],
  });
  expect(parsed({ ACCESS_AUD }).access).toEqual({ state: "invalid", names: ["ACCESS_TEAM_DOMAIN"] });
});

it("keeps the team's origin (the tokens' iss) and the AUD tag in lower case", () => {
  expect(parsed({ ACCESS_TEAM_DOMAIN: "https://Team.invalid/", ACCESS_AUD: ACCESS_AUD.toUpperCase() }).access).toEqual({
    state: "on",
    teamDomain: "https://team.invalid",
    audience: ACCESS_AUD,
  });
  expect(parsed({ ACCESS_TEAM_DOMAIN: "http://127.0.0.1:8787", ACCESS_AUD }).access).toMatchObject({ state: "on" });
});

it("is off, with nothing to report, where neither is set", () => {
  const config = parsed({});
  expect(config.access).toEqual({ state: "off" });
  expect(config.problems.filter((problem) => problem.name.startsWith("ACCESS_"))).toEqual([]);
});

it("does not ask for ADMIN_TOKEN where Access is on", () => {
  expect(problemNamed(parsed({ ADMIN_TOKEN: undefined }), "ADMIN_TOKEN")).toMatchObject({ level: "warning" });
  const withAccess = parsed({ ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: "https://team.invalid", ACCESS_AUD });
  expect(problemNamed(withAccess, "ADMIN_TOKEN")).toBeUndefined();
});

it("answers 503 on /health naming ACCESS_TEAM_DOMAIN when it is http off loopback", async () => {
  const response = await health({ ...env, ACCESS_TEAM_DOMAIN: "http://team.invalid" } as Env);
  expect(response.status).toBe(503);
  const body = (await response.json()) as { checks: { name: string; ok: boolean }[] };
  expect(body.checks).toContainEqual(expect.objectContaining({ name: "ACCESS_TEAM_DOMAIN", ok: false }));
});

it("refuses every Access token while a setting is invalid, ADMIN_TOKEN or not, and fetches nothing", async () => {
  const broken = { ...env, ACCESS_AUD: "not-an-aud-tag" } as Env;
  const response = await route(
    new Request("https://internalbf.test/pipeline", {
      headers: { "cf-access-jwt-assertion": await accessToken(), authorization: `Bearer ${ADMIN_TOKEN}` },
    }),
    broken,
  );
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_access_token", message: /ACCESS_AUD/ } });
  expect(await accessTeam.fetches()).toBe(0);
  // Without the header, the token still works.
  const token = await route(
    new Request("https://internalbf.test/pipeline", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    broken,
  );
  expect(token.status).toBe(200);
});
