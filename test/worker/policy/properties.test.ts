import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha, World } from "./world";

const COMMITS = 8;

type Step =
  | { readonly kind: "staged"; readonly commit: number; readonly status: "success" | "failure" | "cancelled" }
  | { readonly kind: "work"; readonly index: number; readonly fails: boolean }
  | { readonly kind: "hand"; readonly commit: number; readonly fails: boolean }
  | {
      readonly kind: "run";
      readonly index: number;
      readonly fails: boolean;
      readonly reversed: boolean;
      readonly duplicate: boolean;
    };

function steps(withFailures: boolean): fc.Arbitrary<Step[]> {
  const status = withFailures
    ? fc.constantFrom("success" as const, "success" as const, "failure" as const, "cancelled" as const)
    : fc.constant("success" as const);
  const failing = withFailures ? fc.boolean() : fc.constant(false);
  return fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("staged" as const), commit: fc.integer({ min: 1, max: COMMITS }), status }),
      fc.record({
        kind: fc.constant("work" as const),
        index: fc.nat(20),
        fails: failing.map((f) => f && Math.random() < 0.3),
      }),
      fc.record({
        kind: fc.constant("hand" as const),
        commit: fc.integer({ min: 1, max: COMMITS }),
        fails: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("run" as const),
        index: fc.nat(20),
        fails: failing,
        reversed: fc.boolean(),
        duplicate: fc.boolean(),
      }),
    ),
    { maxLength: 60 },
  );
}

function play(world: World, sequence: readonly Step[]): void {
  for (const step of sequence) {
    if (step.kind === "staged") world.staged(step.commit, step.status);
    else if (step.kind === "work") world.work(step.index, step.fails);
    else if (step.kind === "hand") world.handRun(step.commit, step.fails ? "failure" : "success");
    else world.finishRun(step.index, step.fails ? "failure" : "success", step.reversed, step.duplicate);
  }
}

describe("the policy over random event sequences on a linear history", () => {
  it("never dispatches without a staging success, never twice, never replaces a newer live commit, and a hand-run changes nothing", () => {
    fc.assert(
      fc.property(steps(true), (sequence) => {
        const world = new World();
        play(world, sequence);
        world.drain();
        expect(world.violations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("ends with the newest staging success live when nothing fails", () => {
    fc.assert(
      fc.property(steps(false), (sequence) => {
        const world = new World();
        play(world, sequence);
        world.drain();
        expect(world.violations).toEqual([]);
        const newest = Math.max(0, ...[...world.stagingSuccesses].map(World.position));
        if (newest > 0) expect(world.live()).toBe(sha(newest));
      }),
      { numRuns: 300 },
    );
  });
});
