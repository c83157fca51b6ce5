import { expect, it } from "vitest";
import { accessToken, BAD_ACCESS_TOKENS, operatorGet } from "../support/access";
import { ADMIN_TOKEN } from "../support/bindings";

it.each(BAD_ACCESS_TOKENS)("refuses a token %s even beside a valid ADMIN_TOKEN bearer token", async (_kind, build) => {
  const response = await operatorGet("/pipeline", {
    "cf-access-jwt-assertion": await build(),
    authorization: `Bearer ${ADMIN_TOKEN}`,
  });
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_access_token" } });
});

it("refuses an expired token even beside ADMIN_TOKEN as the Basic-auth password", async () => {
  const past = Math.floor(Date.now() / 1000) - 600;
  const response = await operatorGet("/pipeline", {
    "cf-access-jwt-assertion": await accessToken({ claims: { iat: past, nbf: past, exp: past + 60 } }),
    authorization: `Basic ${btoa(`ana:${ADMIN_TOKEN}`)}`,
  });
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_access_token", message: /expired/ } });
});

it("admits a valid token beside a wrong ADMIN_TOKEN: the token alone decides", async () => {
  const response = await operatorGet("/pipeline", {
    "cf-access-jwt-assertion": await accessToken(),
    authorization: "Bearer wrong",
  });
  expect(response.status).toBe(200);
});
