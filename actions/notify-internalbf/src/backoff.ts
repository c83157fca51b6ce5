// When to try again: exponential backoff with jitter, and never sooner than the server asked.

const BASE_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A Retry-After longer than this is cut, so a confused server cannot hold the job for hours. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** True for the answers worth another attempt: 408, 429 and every 5xx. */
export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The wait before attempt `attempt + 1`: half of 1 s · 2^(attempt-1) (capped at 30 s) plus a random
 * share of the other half, so parallel jobs spread out; at least `retryAfterMs` when the server said so.
 */
export function backoffMs(attempt: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
  if (retryAfterMs === undefined) return jittered;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs, jittered));
}

/** A Retry-After header (delay seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
