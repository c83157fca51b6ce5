// Group commit: the calls that arrive before the object's next turn are run together in that turn,
// each on its own. The Durable Object commits the writes of one turn together (one WAL write and
// one fsync here, one replicated write on Cloudflare), so a burst of notifications pays for one
// commit, not one each. None is answered early: the output gate holds every answer until the
// commit has landed, and a commit that fails fails every call of its turn (none was answered).

/** Runs `record` for each input on the turn after it arrives; calls on the same turn share it. */
export class GroupCommit<I, O> {
  private waiting: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly record: (input: I) => O,
    /** Calls `run` once every event already queued has run (a zero timer in workerd). */
    private readonly later: (run: () => void) => void = (run) => setTimeout(run, 0),
  ) {}

  /** The output of `record(input)`, or its error: one input's failure is its own. */
  add(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.waiting.length === 1) this.later(() => this.run());
    });
  }

  private run(): void {
    const batch = this.waiting;
    this.waiting = [];
    for (const { input, resolve, reject } of batch) {
      try {
        resolve(this.record(input));
      } catch (error) {
        reject(error);
      }
    }
  }
}
