import { reset } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import { ALERT_SECRET, SECRET } from "../support/bindings";
import { decisionOf } from "../support/flow";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { query, runOutboxNow, settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const failure = () => notification({ commit_sha: sha(4), status: "failure", details: "E2E failed in job test" });

async function alertEntries() {
  return query<{ state: string; attempts: number; due_at: number; last_error: string | null; payload: string }>(
    "SELECT state, attempts, due_at, last_error, payload FROM outbox WHERE kind = 'alert' ORDER BY id",
  );
}

describe("a staging failure alerts every endpoint in its format", () => {
  it("sends Slack, Discord and a signed generic event", async () => {
    expect(await decisionOf(failure())).toBe("alerted");
    await settled();
    const sent = await outside.requests("alert");
    expect(sent.map((request) => request.path).sort()).toEqual([
      "/api/webhooks/1/discord",
      "/hooks/generic",
      "/services/T000/B000/slack",
    ]);
    const generic = sent.find((request) => request.path === "/hooks/generic");
    expect(generic).toBeDefined();
    const verified = new Webhook(ALERT_SECRET).verify(generic?.body ?? "", generic?.headers ?? {});
    expect(verified).toMatchObject({ sha: sha(4), alert: "staging_failure", details: "E2E failed in job test" });
    // Signed with the alert secret, never the intake secret: a receiver cannot forge a promotion.
    expect(() => new Webhook(SECRET).verify(generic?.body ?? "", generic?.headers ?? {})).toThrow();
    expect(sent.find((request) => request.path.startsWith("/services/"))?.headers["webhook-signature"]).toBeUndefined();
  });
});

describe("alert delivery failures", () => {
  it("retries a 5xx and delivers later", async () => {
    await outside.script("alert", [{ status: 500 }, { status: 500 }, { status: 500 }]);
    await decisionOf(failure());
    await settled();
    expect((await alertEntries()).map((entry) => entry.state)).toEqual(["pending", "pending", "pending"]);
    await runOutboxNow();
    await settled();
    expect((await alertEntries()).map((entry) => entry.state)).toEqual(["done", "done", "done"]);
  });

  it("honours Retry-After, and Discord's retry_after in the body", async () => {
    const before = Date.now();
    await outside.script("alert", [
      { status: 429, headers: { "retry-after": "60" } },
      { status: 429, body: { retry_after: 90.5, global: false } },
      { status: 200 },
    ]);
    await decisionOf(failure());
    await settled();
    const waits = (await alertEntries())
      .filter((entry) => entry.state === "pending")
      .map((entry) => entry.due_at - before);
    expect(waits.sort((a, b) => a - b)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(waits[0]).toBeGreaterThanOrEqual(60_000);
    expect(waits[1]).toBeGreaterThanOrEqual(90_500);
  });

  it("treats another 4xx as permanent, visible on the commit's record", async () => {
    await outside.script("alert", [{ status: 404 }, { status: 404 }, { status: 404 }]);
    await decisionOf(failure());
    await settled();
    const entries = await alertEntries();
    expect(entries.map((entry) => [entry.state, entry.attempts])).toEqual([
      ["failed", 1],
      ["failed", 1],
      ["failed", 1],
    ]);
    expect(entries[0]?.last_error).toMatch(/404/);
  });

  it("does not follow a redirect", async () => {
    await outside.script("alert", [
      { status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } },
      { status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } },
      { status: 302, headers: { location: "http://127.0.0.1:1/elsewhere" } },
    ]);
    await decisionOf(failure());
    await settled();
    expect(
      (await alertEntries()).every((entry) => entry.state === "failed" && /redirect/.test(entry.last_error ?? "")),
    ).toBe(true);
    expect((await outside.requests()).filter((request) => request.path === "/elsewhere")).toHaveLength(0);
  });

  it("never holds up a promotion", async () => {
    const slow = Array.from({ length: 6 }, () => ({ delayMs: 3_000, status: 503 }));
    await outside.script("alert", slow);
    await decisionOf(failure());
    const started = Date.now();
    await decisionOf(notification({ commit_sha: sha(5) }));
    await settled();
    expect(await outside.dispatched()).toEqual([sha(5)]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
