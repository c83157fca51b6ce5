import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { configOf } from "../../../worker/config";
import { identify } from "../../../worker/operator/identity";
import { accessToken, operatorGet } from "../support/access";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it.each(["/pipeline", "/deployments"])("%s answers 200 to a person Access signed in", async (path) => {
  const response = await operatorGet(path, { "cf-access-jwt-assertion": await accessToken() });
  expect(response.status).toBe(200);
});

it("names the person by the token's email, verified by Access", async () => {
  const request = new Request("https://internalbf.test/pipeline", {
    headers: { "cf-access-jwt-assertion": await accessToken({ claims: { email: "ana@example.com" } }) },
  });
  expect(await identify(request, configOf(env))).toEqual({ actor: "ana@example.com", via: "access" });
});
