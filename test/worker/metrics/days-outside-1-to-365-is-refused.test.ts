// ?days= is a whole number from 1 to 365: anything else is a 400 naming the field, and /metrics
// is an operator's read like the others.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { get } from "../support/notify";

beforeEach(async () => {
  await reset();
});

it.each(["0", "366", "-1", "1.5", "abc", "", "30d", "1e2", "0x10"])("days=%j is 400 invalid_payload", async (days) => {
  const response = await get(`/metrics?days=${encodeURIComponent(days)}`, ADMIN_TOKEN);
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; fields: { field: string }[] } };
  expect(body.error.code).toBe("invalid_payload");
  expect(body.error.fields.map((field) => field.field)).toEqual(["days"]);
});

it.each([1, 7, 30, 365])("days=%i is answered over that many days", async (days) => {
  const response = await get(`/metrics?days=${days}`, ADMIN_TOKEN);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { window: { days: number; since: string; until: string } };
  expect(body.window.days).toBe(days);
  expect(Date.parse(body.window.until) - Date.parse(body.window.since)).toBe(days * 24 * 60 * 60 * 1000);
});

it("is refused without an operator's credentials", async () => {
  expect((await get("/metrics")).status).toBe(401);
});
