import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { accepted, fake, inputs, networkError, refused } from "../support/deps";

describe("retries", () => {
  it.each([
    ["a network error", networkError("ECONNRESET")],
    ["408", refused(408, "request_timeout", "too slow")],
    ["429", refused(429, "rate_limited", "slow down")],
    ["500", refused(500, "internal", "oops")],
    ["502 from a proxy, not JSON", new Response("<html>Bad Gateway</html>", { status: 502 })],
    ["503", refused(503, "intake_not_configured", "no secret")],
  ])("tries again after %s, as the same delivery", async (_name, first) => {
    const step = fake({ steps: [first, accepted("production_dispatch_queued")] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.requests).toHaveLength(2);
    const ids = step.requests.map(({ request }) => request.headers.get("webhook-id"));
    expect(ids[0]).toBe(ids[1]);
    expect(step.requests[0]?.body).toBe(step.requests[1]?.body);
    expect(step.outputs.decision).toBe("production_dispatch_queued");
    expect(step.outputs["http-status"]).toBe("202");
  });

  it.each([400, 401, 403, 404, 405, 413, 415, 422])("does not try again after %i", async (status) => {
    const step = fake({ steps: [refused(status, "nope", "refused")] });
    await run(step.deps);
    expect(step.requests).toHaveLength(1);
    expect(step.failures).toHaveLength(1);
    expect(step.outputs["http-status"]).toBe(String(status));
  });

  it("gives up after `retries` more attempts and says so", async () => {
    const step = fake({ inputs: inputs({ retries: "2" }), steps: Array(3).fill(networkError("ECONNREFUSED")) });
    await run(step.deps);
    expect(step.requests).toHaveLength(3);
    expect(step.failures[0]).toMatch(/gave up after 3 attempts/);
    expect(step.outputs["http-status"]).toBe("");
  });

  it("backs off exponentially with jitter", async () => {
    const low = fake({ random: 0, steps: [...Array(5).fill(networkError("ECONNRESET")), accepted("recorded")] });
    await run(low.deps);
    expect(low.sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    const high = fake({ random: 1, steps: [...Array(5).fill(networkError("ECONNRESET")), accepted("recorded")] });
    await run(high.deps);
    expect(high.sleeps).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it("waits at least as long as Retry-After says", async () => {
    const step = fake({
      steps: [refused(429, "rate_limited", "slow down", undefined, { "retry-after": "7" }), accepted("recorded")],
    });
    await run(step.deps);
    expect(step.sleeps).toEqual([7000]);
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const now = new Date("2026-11-28T08:00:00Z");
    const step = fake({
      now,
      steps: [
        refused(503, "busy", "later", undefined, { "retry-after": "Sat, 28 Nov 2026 08:00:12 GMT" }),
        accepted("recorded"),
      ],
    });
    await run(step.deps);
    expect(step.sleeps).toEqual([12000]);
  });

  it("signs each attempt with a fresh timestamp", async () => {
    let clock = Date.parse("2026-11-28T08:00:00Z");
    const step = fake({ steps: [networkError("ECONNRESET"), accepted("recorded")] });
    const deps = {
      ...step.deps,
      now: () => new Date(clock),
      sleep: async (ms: number) => {
        clock += ms + 60_000;
      },
    };
    await run(deps);
    const stamps = step.requests.map(({ request }) => Number(request.headers.get("webhook-timestamp")));
    expect((stamps[1] ?? 0) - (stamps[0] ?? 0)).toBeGreaterThanOrEqual(60);
  });

  it("bounds each attempt by timeout-seconds, then tries again", async () => {
    // A server that never answers. On a loaded machine the 50 ms limit may be over before the
    // request gets here: then its signal is already aborted, and no abort event comes.
    const hang = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        if (request.signal.aborted) reject(request.signal.reason);
        else request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    const step = fake({ inputs: inputs({ "timeout-seconds": "0.05" }), steps: [hang, accepted("recorded")] });
    await run(step.deps);
    expect(step.requests).toHaveLength(2);
    expect(step.warnings[0]).toMatch(/no answer within 0.05 s \(timeout-seconds\)/);
    expect(step.failures).toEqual([]);
  });

  it("treats a repeated delivery's 200 as internalbf's first answer", async () => {
    const step = fake({ steps: [accepted("production_dispatch_queued", {}, 200)] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.outputs["http-status"]).toBe("200");
    expect(step.infos.join("\n")).toMatch(/had this delivery already/);
  });
});
