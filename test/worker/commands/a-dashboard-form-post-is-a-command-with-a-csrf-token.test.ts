// The dashboard's forms post to the command routes themselves (urlencoded): with the acting
// person's CSRF token and from internalbf's own origin they are commands like any other, answered
// 303 back to the page; anything else is 403 `csrf` and changes nothing.
import { reset } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { configOf } from "../../../worker/config";
import { csrfToken } from "../../../worker/operator/csrf";
import { ADMIN_TOKEN } from "../support/bindings";
import { goLive } from "../support/flow";
import { sha } from "../support/notify";
import { outside } from "../support/outside";
import { query } from "../support/pipeline";

const ORIGIN = "https://internalbf.test";
const ANA = "ana@example.com";
const basic = (user: string) => `Basic ${btoa(`${user}:${ADMIN_TOKEN}`)}`;

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
});

async function token(actor = ANA): Promise<string> {
  return (await csrfToken(configOf(env), actor)) ?? "";
}

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic(ANA),
      origin: ORIGIN,
      "sec-fetch-site": "same-origin",
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const frozen = async () => (await query("SELECT name FROM settings WHERE name = 'freeze'")).length === 1;

it("a form with the person's token freezes, on the record with the Basic user as actor, and goes back to the page", async () => {
  const response = await post("/freeze", { reason: "INC-9: release freeze", csrf: await token(), back: "/?page=2" });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/?page=2&done=frozen");
  expect(await frozen()).toBe(true);
  const [event] = await query<{ actor: string; via: string; reason: string }>(
    "SELECT actor, via, reason FROM events WHERE kind = 'frozen'",
  );
  expect(event).toEqual({ actor: ANA, via: "token", reason: "INC-9: release freeze" });
  // A form can only POST: `_method=DELETE` is the DELETE route.
  const thawed = await post("/freeze", { _method: "DELETE", reason: "over", csrf: await token(), back: "/" });
  expect(thawed.headers.get("location")).toBe("/?done=unfrozen");
  expect(await frozen()).toBe(false);
});

it("a refusal goes back to the page with its message, and changes nothing", async () => {
  await goLive(1);
  const response = await post(`/deployments/${sha(1)}/promote`, { reason: "again", csrf: await token(), back: "/" });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location") ?? "", ORIGIN);
  expect(location.searchParams.get("refused")).toMatch(/already live/);
  const missing = await post("/hold", { reason: "", csrf: await token(), back: "/" });
  expect(new URL(missing.headers.get("location") ?? "", ORIGIN).searchParams.get("refused")).toMatch(
    /reason is required/,
  );
  expect(await query("SELECT name FROM settings WHERE name = 'hold'")).toEqual([]);
});

it.each<[string, Record<string, string>, Record<string, string>]>([
  ["from another origin", {}, { origin: "https://evil.invalid" }],
  ["from another site (Sec-Fetch-Site)", {}, { "sec-fetch-site": "cross-site", origin: "" }],
  ["without a token", { csrf: "" }, {}],
  ["with a forged token", { csrf: "0".repeat(64) }, {}],
  ["with someone else's token", { csrf: "OTHER" }, {}],
  ["from a bearer token, which names no person", {}, { authorization: `Bearer ${ADMIN_TOKEN}` }],
])("a form post %s is 403 csrf and changes nothing", async (_, fields, headers) => {
  const csrf = fields.csrf === "OTHER" ? await token("bob@example.com") : (fields.csrf ?? (await token()));
  // An empty header value here means "not sent" (a browser that sends Sec-Fetch-Site but no Origin).
  const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ""));
  const response = await post("/freeze", { reason: "not me", back: "/", ...fields, csrf }, sent);
  expect(response.status).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("csrf");
  expect(await frozen()).toBe(false);
  expect(await query("SELECT id FROM events")).toEqual([]);
});

it("a page to go back to off this origin is replaced by the dashboard", async () => {
  const response = await post("/hold", { reason: "x", csrf: await token(), back: "//evil.invalid/x" });
  expect(response.headers.get("location")).toBe("/?done=on_hold");
});
