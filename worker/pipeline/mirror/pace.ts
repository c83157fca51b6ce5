// How much the KV audit mirror writes in one pass. Pure: the Pipeline feeds it times, it answers
// a number of events.

/**
 * A key is written this long after its change at the soonest, and passes are this far apart: the
 * changes of a second coalesce, and no key is written twice in a second (KV's per-key limit).
 */
export const MIRROR_DELAY_MS = 1000;
/** Events one pass mirrors while intake is quiet: a backlog drains at this many a second. */
export const MIRROR_BATCH = 200;
/** Events one pass mirrors while notifications are arriving: the mirror yields to intake. */
export const MIRROR_BUSY_BATCH = 25;
/** Unless the oldest event waiting is this old: then the mirror works at its full rate anyway. */
export const MIRROR_MAX_LAG_MS = 30_000;

/**
 * How many of the waiting events a pass mirrors. During a burst of notifications (one received
 * within the last MIRROR_DELAY_MS) the pass is short, so the object's time goes to intake and a
 * pass never holds a notification up for long; the lag that builds is bounded by
 * MIRROR_MAX_LAG_MS and drains at MIRROR_BATCH a second once the burst ends.
 */
export function mirrorBatch(now: number, lastReceivedAt: number, oldestWaitingAt: number): number {
  const busy = now - lastReceivedAt < MIRROR_DELAY_MS;
  const far = now - oldestWaitingAt >= MIRROR_MAX_LAG_MS;
  return busy && !far ? MIRROR_BUSY_BATCH : MIRROR_BATCH;
}
