// After a dispatch that may have reached GitHub (a timeout, a reset, a 5xx), internalbf looks for
// its run before it sends the dispatch again. GitHub lists a new run only seconds after creating it,
// so it looks for at least a minute, with backoff, and then sends again (within two minutes).

/** How long a dispatch looks for its run before it is sent again. */
export const LOOK_FOR_MS = 60_000;
const FIRST_LOOK_MS = 5_000;

/**
 * When to look next, after `lookups` lookups of a dispatch that has looked since `since`; null when
 * it has looked long enough and may be sent again. Looks at +5, +15, +35 and +60 s.
 */
export function nextLookAt(since: number, lookups: number, now: number): number | null {
  if (now - since >= LOOK_FOR_MS) return null;
  return Math.min(now + FIRST_LOOK_MS * 2 ** lookups, since + LOOK_FOR_MS);
}
