import { describe, expect, it } from "vitest";
import {
  backoffMs,
  isRetryable,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from "../../actions/notify-internalbf/src/backoff";

describe("backoff", () => {
  it("doubles per attempt up to 30 s", () => {
    expect([1, 2, 3, 6, 7, 20].map((attempt) => backoffMs(attempt, 1))).toEqual([
      1000, 2000, 4000, 30000, 30000, 30000,
    ]);
  });

  it("keeps at least half of the step whatever the jitter", () => {
    expect(backoffMs(3, 0)).toBe(2000);
  });

  it("never waits longer than MAX_RETRY_AFTER_MS for a Retry-After", () => {
    expect(backoffMs(1, 0.5, 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("reads Retry-After as seconds or as a date, and ignores nonsense", () => {
    const now = new Date("2026-11-28T08:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 07:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("retries 408, 429 and 5xx only", () => {
    expect([400, 401, 404, 408, 409, 429, 500, 503, 599].filter(isRetryable)).toEqual([408, 429, 500, 503, 599]);
  });
});
