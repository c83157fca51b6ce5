// When a failed side effect is tried again: exponential backoff with jitter, never before the
// server's own hint (Retry-After, x-ratelimit-reset).

/** Attempts per outbox kind before the failure is final (and visible). */
export const MAX_ATTEMPTS: Readonly<Record<string, number>> = { dispatch: 10, compare: 10, alert: 8 };

const BASE_MS = 2_000;
const CAP_MS = 10 * 60_000;

/** The time of the next attempt after `attempts` tries; `random` is in [0, 1). */
export function nextAttemptAt(attempts: number, now: number, notBefore: number | null, random: number): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  const delay = ceiling / 2 + (ceiling / 2) * random;
  return Math.max(now + Math.round(delay), notBefore ?? 0);
}
