import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { configOf } from "../../../worker/config";
import { identify } from "../../../worker/operator/identity";
import { accessToken, operatorGet } from "../support/access";

// What Access issues for a service token: no email, the token's client id as common_name.
const serviceClaims = { email: undefined, common_name: "88bf3b6d86161464f6509f7219099e57.access", sub: "" };

it("acts as service:<common_name>", async () => {
  const request = new Request("https://internalbf.test/pipeline", {
    headers: { "cf-access-jwt-assertion": await accessToken({ claims: serviceClaims }) },
  });
  expect(await identify(request, configOf(env))).toEqual({
    actor: "service:88bf3b6d86161464f6509f7219099e57.access",
    via: "access",
  });
});

it("reads the pipeline", async () => {
  const response = await operatorGet("/pipeline", {
    "cf-access-jwt-assertion": await accessToken({ claims: serviceClaims }),
  });
  expect(response.status).toBe(200);
});

it("is named by its email where a token has both (an email is a person)", async () => {
  const request = new Request("https://internalbf.test/pipeline", {
    headers: {
      "cf-access-jwt-assertion": await accessToken({ claims: { ...serviceClaims, email: "ana@example.com" } }),
    },
  });
  expect((await identify(request, configOf(env))).actor).toBe("ana@example.com");
});
