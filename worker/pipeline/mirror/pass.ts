// The KV mirror pass: the alarm writes the records of the commits whose audit events came after
// the mirror's cursor to KV, each key once per pass, from storage as it is now. The cursor moves
// only when every write of the pass landed, so a failed pass is done again whole.
import { writeMirror } from "../../effects/mirror";
import { log } from "../../log";
import { CURRENT_KEY, deploymentKey, type Store } from "../store";
import { MIRROR_DELAY_MS, mirrorBatch } from "./pace";

/** KV writes in flight at once, at most; a pass reads and writes a slice at a time. */
const SLICE = 25;
const RETRY_MS = 5_000;

export class MirrorPass {
  /** No pass before this time (a second after the last, or a retry after KV failed). */
  private from = 0;
  private running = false;
  /** When the last new notification was received (the mirror yields to a burst of them). */
  private lastReceivedAt = 0;

  constructor(
    private readonly store: Store,
    private readonly kv: KVNamespace,
    private readonly transact: (write: () => void) => void,
    /** How long a pass may be lost with its isolate before the alarm runs one again. */
    private readonly leaseMs: number,
  ) {}

  /** A new notification was received: the next pass is short while they keep arriving. */
  received(now: number): void {
    this.lastReceivedAt = now;
  }

  /** The earliest a pass may run. */
  get notBefore(): number {
    return this.from;
  }

  /** Starts a pass unless one is running; the pass, or null. */
  start(now: number): Promise<void> | null {
    if (this.running) return null;
    this.running = true;
    return this.run(now).finally(() => {
      this.running = false;
    });
  }

  private async run(now: number): Promise<void> {
    if (now < this.from) return;
    const cursor = this.store.mirrorCursor();
    const oldestAt = this.store.events.oldestAfter(cursor);
    if (oldestAt === null) return;
    const events = this.store.events.after(
      cursor,
      now - MIRROR_DELAY_MS,
      mirrorBatch(now, this.lastReceivedAt, oldestAt),
    );
    const last = events.at(-1);
    if (last === undefined) return;
    const keys = new Map<string, string | null>();
    for (const event of events) {
      // A pipeline event (a hold, a freeze) belongs to no commit's record.
      if (event.sha !== null) keys.set(deploymentKey(event.sha), event.sha);
      if (event.kind === "production_live") keys.set(CURRENT_KEY, null);
    }
    // Read and written a slice at a time, so notifications arriving meanwhile are not kept waiting;
    // the next pass comes a second after this one ends (meanwhile only a fallback wake-up, in case
    // the isolate is lost mid-pass).
    this.from = Date.now() + this.leaseMs;
    let pause = RETRY_MS;
    try {
      const entries = [...keys];
      for (let start = 0; start < entries.length; start += SLICE) {
        const slice = entries.slice(start, start + SLICE).map(([key, sha]) => {
          const value = sha === null ? (this.store.live() ?? "") : this.store.mirrorValue(sha);
          return writeMirror(this.kv, key, value);
        });
        const failure = (await Promise.all(slice)).find((result) => !result.ok);
        if (failure !== undefined && !failure.ok) {
          log("warn", "mirror_failed", { error: failure.error, keys: keys.size });
          return;
        }
      }
      this.transact(() => this.store.settings.set("mirror_cursor", String(last.id)));
      pause = MIRROR_DELAY_MS;
    } finally {
      this.from = Date.now() + pause;
    }
  }
}
