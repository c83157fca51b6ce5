import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { route } from "../../../worker/router";
import { accessTeam, accessToken } from "../support/access";
import { ADMIN_TOKEN } from "../support/bindings";
import { outside } from "../support/outside";

beforeEach(() => outside.reset());

// The same worker, deployed without ACCESS_TEAM_DOMAIN and ACCESS_AUD.
const withoutAccess = () => ({ ...env, ACCESS_TEAM_DOMAIN: undefined, ACCESS_AUD: undefined }) as unknown as Env;

const read = (headers: Record<string, string>) =>
  route(new Request("https://internalbf.test/pipeline", { headers }), withoutAccess());

it("admits ADMIN_TOKEN beside a header that is no Access token at all", async () => {
  const response = await read({ "cf-access-jwt-assertion": "not-a-jwt", authorization: `Bearer ${ADMIN_TOKEN}` });
  expect(response.status).toBe(200);
});

it("does not admit a valid-looking Access token on its own: the token is needed", async () => {
  const response = await read({ "cf-access-jwt-assertion": await accessToken() });
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Basic/);
  expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
});

it("never fetches the team's keys", async () => {
  await read({ "cf-access-jwt-assertion": await accessToken(), authorization: `Bearer ${ADMIN_TOKEN}` });
  expect(await accessTeam.fetches()).toBe(0);
});
