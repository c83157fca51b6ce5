// Each property of properties.test.ts can fail: the World runs a deliberately broken policy (the real
// one wrapped with one mutation, mutations.ts) and fast-check finds a sequence where the property
// catches it while the real policy keeps it, so the catch is the mutation's, not a gap the policy has.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MUTATIONS } from "./mutations";
import { played, scenarios } from "./sequences";

const EVERYTHING = scenarios({ failures: true, commands: true });

describe("each property catches a deliberately broken policy", () => {
  it.each(MUTATIONS)("%s catches the mutation: %s", (property, _mutation, mutant) => {
    const details = fc.check(
      fc.property(
        EVERYTHING,
        (scenario) =>
          played(scenario, mutant).violationsOf(property).length === 0 ||
          played(scenario).violationsOf(property).length > 0,
      ),
      { numRuns: 3000, endOnFailure: true },
    );
    expect(details.failed).toBe(true);
  });
});
