import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { configOf } from "../../../worker/config";
import { identify } from "../../../worker/operator/identity";
import { ADMIN_TOKEN } from "../support/bindings";

const as = (authorization: string) =>
  identify(new Request("https://internalbf.test/pipeline", { headers: { authorization } }), configOf(env));

const basic = (user: string, password: string) =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;

it("leaves the actor to the command's body for a bearer token (automation)", async () => {
  expect(await as(`Bearer ${ADMIN_TOKEN}`)).toEqual({ actor: null, via: "token" });
});

it("takes the Basic-auth user name as the actor (a browser), in UTF-8", async () => {
  expect(await as(basic("Zoë Ortiz", ADMIN_TOKEN))).toEqual({ actor: "Zoë Ortiz", via: "token" });
});

it("leaves the actor to the body where the Basic-auth user name is empty", async () => {
  expect(await as(basic("", ADMIN_TOKEN))).toEqual({ actor: null, via: "token" });
});

it.each([
  ["longer than 100 characters", "a".repeat(101)],
  ["with a control character", "ana\u0007"],
])("refuses a Basic-auth user name %s with 401 unauthorized", async (_name, user) => {
  await expect(as(basic(user, ADMIN_TOKEN))).rejects.toMatchObject({ status: 401, code: "unauthorized" });
});
