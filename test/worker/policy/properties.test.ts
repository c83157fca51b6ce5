// The policy's properties over random sequences that mix notifications, GitHub's answers (late,
// repeated, in any order) and operators' commands; each checked by the World as it applies inputs.
// properties-can-fail.test.ts shows each of them catching a deliberately broken policy.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { played, scenarios } from "./sequences";
import { type Property, sha, World } from "./world";

const RUNS = 250;
const EVERYTHING = scenarios({ failures: true, commands: true });

function holds(property: Property): void {
  fc.assert(
    fc.property(EVERYTHING, (scenario) => {
      expect(played(scenario).violationsOf(property)).toEqual([]);
    }),
    { numRuns: RUNS },
  );
}

describe("the policy over random sequences of notifications, GitHub's answers and commands", () => {
  it("no commit reaches production without a staging success for it, or a rollback or an emergency on the record", () => {
    holds("staged_or_rescued");
  });

  it("nothing is dispatched automatically while frozen or on hold", () => {
    holds("still_while_frozen_or_held");
  });

  it("a blocked commit is never dispatched except by an emergency", () => {
    holds("blocked_stays_out");
  });

  it("a rollback always sets the hold, and only a release ends it", () => {
    holds("rollback_holds");
  });

  it("after a release or an unfreeze, the newest waiting success ahead of live is promoted", () => {
    holds("release_promotes_newest");
  });

  it("one decision is never dispatched twice", () => {
    holds("dispatched_once");
  });

  it("every command carried out leaves an audit event with the operator's actor, via and reason", () => {
    holds("commands_on_record");
  });

  it("a refused command changes nothing", () => {
    holds("refusal_changes_nothing");
  });

  it("never two commits hold the production slot", () => {
    holds("one_slot");
  });

  it("production moves to an older commit only by an operator's command or an emergency run", () => {
    holds("live_moves_forward");
  });

  it("a hand-run of the production workflow is never approved and changes nothing", () => {
    holds("hand_run_changes_nothing");
  });

  it("once GitHub and production have answered everything, nothing waits for the slot with nothing stopping it", () => {
    holds("nothing_waits_forever");
  });

  it("ends with the newest staging success live when nothing fails and no one steers", () => {
    fc.assert(
      fc.property(scenarios({ failures: false, commands: false }), (scenario) => {
        const world = played(scenario);
        expect(world.violations).toEqual([]);
        const newest = Math.max(0, ...[...world.stagingSuccesses].map(World.position));
        if (newest > 0) expect(world.live()).toBe(sha(newest));
      }),
      { numRuns: RUNS },
    );
  });
});
