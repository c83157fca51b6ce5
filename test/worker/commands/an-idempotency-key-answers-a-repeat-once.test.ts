import { reset } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";
import { ACTOR } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1)]);
});

function hold(key: string, reason: string, method = "POST"): Promise<Response> {
  return exports.default.fetch("https://internalbf.test/hold", {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}`, "idempotency-key": key },
    body: JSON.stringify({ actor: ACTOR, reason }),
  });
}

it("a repeat with the same key and body answers the first 202 again and does nothing", async () => {
  const first = await hold("k-1", "INC-7");
  expect(first.status).toBe(202);
  const firstBody = await first.text();
  const repeat = await hold("k-1", "INC-7");
  expect(repeat.status).toBe(202);
  expect(await repeat.text()).toBe(firstBody);
  expect(await query("SELECT kind FROM events WHERE kind = 'hold_set'")).toHaveLength(1);
});

it("the same key with another body is 422 idempotency_key_reused, and changes nothing", async () => {
  expect((await hold("k-2", "INC-7")).status).toBe(202);
  const reused = await hold("k-2", "another reason");
  expect(reused.status).toBe(422);
  expect(((await reused.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_reused");
  expect(await query("SELECT kind FROM events WHERE kind LIKE 'hold%'")).toHaveLength(1);
});

it("a refusal is not remembered: the key may come again with a body that can go", async () => {
  const freeze = (until: string) =>
    exports.default.fetch("https://internalbf.test/freeze", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}`, "idempotency-key": "k-3" },
      body: JSON.stringify({ actor: ACTOR, reason: "release night", until }),
    });
  expect((await freeze("2020-01-01T00:00:00Z")).status).toBe(409);
  expect((await freeze(new Date(Date.now() + 3_600_000).toISOString())).status).toBe(202);
  expect(await query("SELECT kind FROM events WHERE kind = 'frozen'")).toHaveLength(1);
});

it("the same key on another route is another command", async () => {
  expect((await hold("k-4", "INC-7")).status).toBe(202);
  expect(JSON.parse(await (await hold("k-4", "INC-7", "DELETE")).text())).toMatchObject({ decision: "released" });
});
