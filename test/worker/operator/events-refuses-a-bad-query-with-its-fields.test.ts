import { reset } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { get } from "../support/notify";
import { outside } from "../support/outside";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

describe("GET /events answers 400 invalid_payload naming the field", () => {
  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=x", "limit"],
    ["limit=", "limit"],
    ["cursor=abc", "cursor"],
    ["cursor=-1", "cursor"],
    ["sha=3f2a1b", "sha"],
    ["sha=HEAD", "sha"],
    ["sha=3f2a1b0g", "sha"],
    [`sha=${"a".repeat(41)}`, "sha"],
    ["sha=", "sha"],
  ])("for %s", async (query, field) => {
    const response = await get(`/events?${query}`, ADMIN_TOKEN);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "invalid_payload", fields: [{ field, message: expect.any(String) }] },
    });
  });

  it("listing every bad field at once", async () => {
    const response = await get("/events?limit=0&cursor=x&sha=abc", ADMIN_TOKEN);
    const body = (await response.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((error) => error.field)).toEqual(["limit", "cursor", "sha"]);
  });
});

it("GET /events is for operators only", async () => {
  const response = await get("/events");
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
});

it("accepts the bounds of limit", async () => {
  expect((await get("/events?limit=1", ADMIN_TOKEN)).status).toBe(200);
  expect((await get("/events?limit=100", ADMIN_TOKEN)).status).toBe(200);
});
