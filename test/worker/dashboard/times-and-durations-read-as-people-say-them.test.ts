import { expect, it } from "vitest";
import { ago, duration, short, utc } from "../../../worker/dashboard/format";

it("writes durations in their two largest units", () => {
  expect([null, 0, 42, 200, 3_900, 90_000, 200_000].map(duration)).toEqual([
    "—",
    "0 s",
    "42 s",
    "3 min 20 s",
    "1 h 5 min",
    "1 day 1 h",
    "2 days 7 h",
  ]);
});

it("writes times in UTC, how long ago, and a SHA by its first seven characters", () => {
  const now = Date.parse("2026-11-28T09:00:00Z");
  expect(utc("2026-11-28T08:57:10.000Z")).toBe("2026-11-28 08:57 UTC");
  expect(ago("2026-11-28T08:57:00.000Z", now)).toBe("3 min ago");
  expect(ago("2026-11-28T08:59:50.000Z", now)).toBe("just now");
  expect(utc("not a time")).toBe("not a time");
  expect(short("0123456789abcdef0123456789abcdef01234567")).toBe("0123456");
});
