import { expect, it } from "vitest";
import { accessToken, operatorGet } from "../support/access";

it.each([
  ["no email and no common_name", { email: undefined }],
  ["an empty email and no common_name", { email: "" }],
  ["an empty common_name", { email: undefined, common_name: "" }],
  ["an email that is not a string", { email: ["ana@example.com"] }],
  ["an email with a control character", { email: "ana@example.com\n" }],
])("answers 401 invalid_access_token to a token with %s", async (_name, claims) => {
  const response = await operatorGet("/pipeline", { "cf-access-jwt-assertion": await accessToken({ claims }) });
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_access_token", message: /names no one/ } });
});
