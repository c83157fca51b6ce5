// Random sequences of what happens around the policy: staging results, GitHub working the outbox
// (failing, answering late, twice, in any order), production runs reporting (reversed, repeated),
// hand-runs, emergency runs, and operators' commands on random commits; played into a World.
import fc from "fast-check";
import type { Command, Operator } from "../../../worker/pipeline/model";
import { type Decide, sha, World } from "./world";

const COMMITS = 8;

/**
 * A commit by its number; or, when the step plays, whichever commit holds the production slot, or
 * the `row`-th commit with a production row (mod their count), so commands hit commits they can act on.
 */
type Target = number | "slot" | { readonly row: number };

type CommandStep =
  | { readonly kind: "promote" | "block" | "unblock" | "retry" | "abandon" | "emergency"; readonly target: Target }
  | { readonly kind: "rollback"; readonly to: Target | null }
  | { readonly kind: "hold" | "release" | "freeze" | "unfreeze" };

export type Step =
  | { readonly kind: "staged"; readonly commit: number; readonly status: "success" | "failure" | "cancelled" }
  | { readonly kind: "work"; readonly index: number; readonly fails: boolean }
  | { readonly kind: "deliver"; readonly index: number; readonly repeated: boolean }
  | {
      readonly kind: "run";
      readonly index: number;
      readonly fails: boolean;
      readonly reversed: boolean;
      readonly duplicate: boolean;
    }
  | { readonly kind: "hand"; readonly commit: number; readonly fails: boolean }
  | { readonly kind: "emergency_run"; readonly commit: number; readonly fails: boolean }
  | {
      readonly kind: "command";
      readonly command: CommandStep;
      readonly operator: Operator;
      readonly reason: string;
    };

/** A World's settings and the steps to play into it. */
export interface Scenario {
  readonly holdOnFailure: boolean;
  readonly steps: readonly Step[];
}

export interface Options {
  /** Staging and production failures, failed dispatches, emergency runs. */
  readonly failures: boolean;
  readonly commands: boolean;
}

const OPERATORS: readonly Operator[] = [
  { actor: "ana@example.com", via: "access" },
  { actor: "deploy-bot", via: "token" },
];
const REASONS = ["INC-7: the checkout is broken", "release train"];

const commit = fc.integer({ min: 1, max: COMMITS });
const target: fc.Arbitrary<Target> = fc.oneof(
  { arbitrary: commit, weight: 2 },
  { arbitrary: fc.constant("slot" as const), weight: 1 },
  { arbitrary: fc.record({ row: fc.nat(20) }), weight: 2 },
);

const aimed = (kind: "promote" | "block" | "unblock" | "retry" | "abandon" | "emergency", weight: number) => ({
  arbitrary: fc.record({ kind: fc.constant(kind), target }),
  weight,
});
const bare = (kind: "hold" | "release" | "freeze" | "unfreeze") => ({ arbitrary: fc.constant({ kind }), weight: 1 });
// Promote and retry are refused unless aimed well (a staging success, a failed dispatch, no freeze): more of them.
const commandStep: fc.Arbitrary<CommandStep> = fc.oneof(
  aimed("promote", 3),
  aimed("retry", 3),
  aimed("emergency", 1),
  aimed("block", 1),
  aimed("unblock", 2),
  aimed("abandon", 1),
  { arbitrary: fc.record({ kind: fc.constant("rollback" as const), to: fc.option(target, { nil: null }) }), weight: 2 },
  bare("hold"),
  bare("release"),
  bare("freeze"),
  bare("unfreeze"),
);

/** Random sequences of steps, with failures and commands or without. */
export function scenarios({ failures, commands }: Options): fc.Arbitrary<Scenario> {
  const failing = failures ? fc.boolean() : fc.constant(false);
  const status = failures
    ? fc.constantFrom("success" as const, "success" as const, "failure" as const, "cancelled" as const)
    : fc.constant("success" as const);
  const steps: fc.WeightedArbitrary<Step>[] = [
    { arbitrary: fc.record({ kind: fc.constant("staged" as const), commit, status }), weight: 4 },
    {
      arbitrary: fc.record({
        kind: fc.constant("work" as const),
        index: fc.nat(20),
        fails: failures ? fc.constantFrom(false, false, true) : fc.constant(false),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({ kind: fc.constant("deliver" as const), index: fc.nat(20), repeated: fc.boolean() }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("run" as const),
        index: fc.nat(20),
        fails: failing,
        reversed: fc.boolean(),
        duplicate: fc.boolean(),
      }),
      weight: 3,
    },
    { arbitrary: fc.record({ kind: fc.constant("hand" as const), commit, fails: fc.boolean() }), weight: 1 },
  ];
  if (failures) {
    steps.push({
      arbitrary: fc.record({ kind: fc.constant("emergency_run" as const), commit, fails: failing }),
      weight: 1,
    });
  }
  if (commands) {
    steps.push({
      arbitrary: fc.record({
        kind: fc.constant("command" as const),
        command: commandStep,
        operator: fc.constantFrom(...OPERATORS),
        reason: fc.constantFrom(...REASONS),
      }),
      weight: 4,
    });
  }
  const step = fc.oneof(...steps);
  return fc.record({ holdOnFailure: fc.boolean(), steps: fc.array(step, { maxLength: 80, size: "max" }) });
}

/** The command a step stands for, its commits resolved against the world. */
function commandOf(world: World, step: CommandStep): Command {
  switch (step.kind) {
    case "hold":
    case "release":
    case "unfreeze":
      return { kind: step.kind };
    case "freeze":
      return { kind: "freeze", until: null };
    case "rollback":
      return { kind: "rollback", to: step.to === null ? null : resolve(world, step.to) };
    default:
      return { kind: step.kind, sha: resolve(world, step.target) };
  }
}

function resolve(world: World, target: Target): string {
  if (typeof target === "number") return sha(target);
  if (target === "slot") return world.slot() ?? sha(1);
  const rows = [...world.production.keys()];
  return rows[target.row % Math.max(1, rows.length)] ?? sha(1);
}

/** Plays the steps into `world`. */
export function play(world: World, steps: readonly Step[]): void {
  for (const step of steps) {
    switch (step.kind) {
      case "staged":
        world.staged(step.commit, step.status);
        break;
      case "work":
        world.work(step.index, step.fails);
        break;
      case "deliver":
        world.deliver(step.index, step.repeated);
        break;
      case "run":
        world.finishRun(step.index, step.fails ? "failure" : "success", step.reversed, step.duplicate);
        break;
      case "hand":
        world.handRun(step.commit, step.fails ? "failure" : "success");
        break;
      case "emergency_run":
        world.emergencyRun(step.commit, step.fails ? "failure" : "success");
        break;
      case "command":
        world.command(commandOf(world, step.command), step.operator, step.reason);
        break;
    }
  }
}

/** Plays a scenario into a World running `decide` and lets GitHub and production finish everything. */
export function played(scenario: Scenario, decide?: Decide): World {
  const world = new World(decide, scenario.holdOnFailure);
  play(world, scenario.steps);
  world.drain();
  return world;
}
