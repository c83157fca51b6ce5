// main's history as the stand-in knows it: one line, each commit in the order the stand-in first
// heard of it (a push the demo announces, a dispatch's input, either side of a compare). Compare
// answers from positions on that line, as GitHub answers from the commit graph.

/** A branch name (the production ref) stands for main's tip. */
const FULL_SHA = /^[0-9a-f]{40}$/;

export interface Comparison {
  readonly status: "ahead" | "behind" | "identical";
  readonly ahead_by: number;
  readonly behind_by: number;
}

export class LinearHistory {
  readonly #order: string[];
  readonly #position = new Map<string, number>();

  constructor(commits: readonly string[] = []) {
    this.#order = [];
    for (const commit of commits) this.learn(commit);
  }

  /** Adds `commit` at the tip unless it is already on the line; its position either way. */
  learn(commit: string): number {
    const known = this.#position.get(commit);
    if (known !== undefined) return known;
    this.#order.push(commit);
    this.#position.set(commit, this.#order.length - 1);
    return this.#order.length - 1;
  }

  /** `base...head` as GitHub's compare answers it; a ref that is not a SHA is main's tip. */
  compare(base: string, head: string): Comparison {
    const from = this.learn(base);
    const to = FULL_SHA.test(head) ? this.learn(head) : this.#order.length - 1;
    return {
      status: to > from ? "ahead" : to < from ? "behind" : "identical",
      ahead_by: Math.max(0, to - from),
      behind_by: Math.max(0, from - to),
    };
  }

  /** Oldest first, for persisting. */
  commits(): readonly string[] {
    return [...this.#order];
  }
}
