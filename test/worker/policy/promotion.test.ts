import { describe, expect, it } from "vitest";
import type { Effect, PipelineState, PolicyInput } from "../../../worker/pipeline/model";
import { decide } from "../../../worker/pipeline/policy";
import type { Decision } from "../../../worker/protocol";
import {
  holding,
  production,
  productionResult,
  productionStarted,
  sha,
  staging,
  stagingResult,
  state,
} from "./builders";

interface Row {
  readonly name: string;
  readonly state: PipelineState;
  readonly input: PolicyInput;
  readonly decision: Decision;
  /** Expected production status of a commit after the outcome ("-" for no change). */
  readonly statuses?: Record<number, string>;
  readonly effects: readonly string[];
}

const note = (notification: ReturnType<typeof stagingResult>): PolicyInput => ({ kind: "notification", notification });

const effectNames = (effects: readonly Effect[]) =>
  effects.map((effect) => {
    switch (effect.kind) {
      case "dispatch":
        return `dispatch ${effect.sha.slice(0, 8)}`;
      case "compare":
        return `compare ${effect.live.slice(0, 8)}...${effect.sha.slice(0, 8)}`;
      case "alert":
        return `alert ${effect.alert.kind}`;
      case "settle_dispatch":
        return `settle ${effect.sha.slice(0, 8)}`;
      default:
        return "unknown";
    }
  });

const TABLE: readonly Row[] = [
  {
    name: "a staging success with nothing live dispatches at once",
    state: state({ staging: staging(1, "started") }),
    input: note(stagingResult(1, "success")),
    decision: "production_dispatch_queued",
    statuses: { 1: "dispatching" },
    effects: ["dispatch 00000001"],
  },
  {
    name: "a staging success with a live commit asks git how they relate first",
    state: state({ live: sha(1) }),
    input: note(stagingResult(2, "success")),
    decision: "production_dispatch_queued",
    statuses: { 2: "ordering" },
    effects: ["compare 00000001...00000002"],
  },
  {
    name: "a staging failure does not promote and alerts",
    state: state(),
    input: note(stagingResult(1, "failure")),
    decision: "alerted",
    statuses: {},
    effects: ["alert staging_failure"],
  },
  {
    name: "a cancelled staging run does not promote and alerts",
    state: state(),
    input: note(stagingResult(1, "cancelled")),
    decision: "alerted",
    statuses: {},
    effects: ["alert staging_cancelled"],
  },
  {
    name: "a skipped staging run is only recorded",
    state: state(),
    input: note(stagingResult(1, "skipped")),
    decision: "recorded",
    statuses: {},
    effects: [],
  },
  {
    name: "a success while production is in flight queues",
    state: state({ live: sha(1), slot: production(2, "dispatched", 50) }),
    input: note(stagingResult(3, "success")),
    decision: "queued_behind_production",
    statuses: { 3: "queued" },
    effects: [],
  },
  {
    name: "a success while frozen is held",
    state: state({ frozen: true }),
    input: note(stagingResult(3, "success")),
    decision: "held_frozen",
    statuses: { 3: "held" },
    effects: [],
  },
  {
    name: "a success while on hold after a rollback is held",
    state: state({ onHold: true, live: sha(1) }),
    input: note(stagingResult(3, "success")),
    decision: "held_frozen",
    statuses: { 3: "held" },
    effects: [],
  },
  {
    name: "a success for a commit already decided is only recorded (never dispatched twice)",
    state: state({ production: production(1, "retired") }),
    input: note(stagingResult(1, "success")),
    decision: "recorded",
    statuses: {},
    effects: [],
  },
  {
    name: "a success for a commit marked never promote is only recorded",
    state: state({ neverPromote: true }),
    input: note(stagingResult(1, "success")),
    decision: "recorded",
    statuses: {},
    effects: [],
  },
  {
    name: "ahead of the live commit: dispatch",
    state: state({ live: sha(1), slot: production(2, "ordering") }),
    input: { kind: "ordered", sha: sha(2), live: sha(1), relation: "ahead" },
    decision: "production_dispatch_queued",
    statuses: { 2: "dispatching" },
    effects: ["dispatch 00000002"],
  },
  {
    name: "behind the live commit: superseded, and the next waiting commit takes the slot",
    state: state({ live: sha(3), slot: production(2, "ordering"), waiting: [production(4, "queued")] }),
    input: { kind: "ordered", sha: sha(2), live: sha(3), relation: "behind" },
    decision: "superseded",
    statuses: { 2: "superseded", 4: "ordering" },
    effects: ["compare 00000003...00000004"],
  },
  {
    name: "identical to the live commit: superseded (already live)",
    state: state({ live: sha(3), slot: production(2, "ordering") }),
    input: { kind: "ordered", sha: sha(2), live: sha(3), relation: "identical" },
    decision: "superseded",
    statuses: { 2: "superseded" },
    effects: [],
  },
  {
    name: "diverged from main's line: rejected with an alert",
    state: state({ live: sha(1), slot: production(2, "ordering") }),
    input: { kind: "ordered", sha: sha(2), live: sha(1), relation: "diverged" },
    decision: "alerted",
    statuses: { 2: "rejected" },
    effects: ["alert diverged"],
  },
  {
    name: "an ordering answer about a stale question changes nothing",
    state: state({ live: sha(1), slot: production(5, "dispatched") }),
    input: { kind: "ordered", sha: sha(2), live: sha(1), relation: "ahead" },
    decision: "recorded",
    statuses: {},
    effects: [],
  },
  {
    name: "GitHub's acceptance records the run",
    state: state({ slot: production(2, "dispatching") }),
    input: { kind: "dispatch_accepted", sha: sha(2), runId: 77, runUrl: "https://github.com/run/77" },
    decision: "recorded",
    statuses: { 2: "dispatched" },
    effects: [],
  },
  {
    name: "a dispatch that failed for good is visible, alerted, and frees the slot",
    state: state({ slot: production(2, "dispatching"), waiting: [production(3, "queued")] }),
    input: { kind: "dispatch_failed", sha: sha(2), error: "GitHub answered 404" },
    decision: "alerted",
    statuses: { 2: "dispatch_failed", 3: "dispatching" },
    effects: ["alert dispatch_failed", "dispatch 00000003"],
  },
  {
    name: "production success makes the commit live, retires the old one, promotes the newest waiting",
    state: state({
      live: sha(1),
      ...holding(production(2, "deploying", 70)),
      waiting: [production(4, "queued"), production(3, "queued")],
    }),
    input: note(productionResult(2, "success", 70)),
    decision: "recorded",
    statuses: { 1: "retired", 2: "live", 4: "ordering" },
    effects: ["compare 00000002...00000004"],
  },
  {
    name: "production failure alerts and the queue moves on against the unchanged live commit",
    state: state({ live: sha(1), ...holding(production(2, "deploying", 70)), waiting: [production(3, "queued")] }),
    input: note(productionResult(2, "failure", 70)),
    decision: "alerted",
    statuses: { 2: "failed", 3: "ordering" },
    effects: ["alert production_failure", "compare 00000001...00000003"],
  },
  {
    name: "with HOLD_ON_PRODUCTION_FAILURE, a production failure puts automatic promotion on hold: the queue waits",
    state: state({
      holdOnFailure: true,
      live: sha(1),
      ...holding(production(2, "deploying", 70)),
      waiting: [production(3, "queued")],
    }),
    input: note(productionResult(2, "failure", 70)),
    decision: "alerted",
    statuses: { 2: "failed" },
    effects: ["alert production_failure"],
  },
  {
    name: "a failure reported by another run of the same commit does not fail the dispatched one, and alerts",
    state: state({ live: sha(1), ...holding(production(2, "deploying", 70)) }),
    input: note(productionResult(2, "failure", 99)),
    decision: "alerted",
    statuses: {},
    effects: ["alert production_result_ignored"],
  },
  {
    name: "a repeated production success for a retired commit does not bring it back",
    state: state({ live: sha(5), production: production(2, "retired", 70) }),
    input: note(productionResult(2, "success", 70)),
    decision: "recorded",
    statuses: {},
    effects: [],
  },
  {
    name: "a production success from a run internalbf did not dispatch moves nothing, and alerts",
    state: state({ live: sha(1) }),
    input: note(productionResult(9, "success", 5)),
    decision: "alerted",
    statuses: {},
    effects: ["alert production_result_ignored"],
  },
  {
    name: "a run internalbf gave up on that did deploy makes its commit live, with an alert",
    state: state({ live: sha(1), production: production(2, "dispatch_failed") }),
    input: note(productionResult(2, "success", 71)),
    decision: "alerted",
    statuses: { 1: "retired", 2: "live" },
    effects: ["alert late_production_result"],
  },
  {
    name: "a failed run re-run to success makes its commit live, with an alert",
    state: state({ live: sha(1), production: production(2, "failed", 70) }),
    input: note(productionResult(2, "success", 70)),
    decision: "alerted",
    statuses: { 1: "retired", 2: "live" },
    effects: ["alert late_production_result"],
  },
  {
    name: "a skipped result from a run the gate stopped is only recorded",
    state: state({ live: sha(1), ...holding(production(2, "deploying", 70)) }),
    input: note(productionResult(2, "skipped", 99, { dispatch_id: undefined })),
    decision: "recorded",
    statuses: {},
    effects: [],
  },
];

describe("the promotion policy", () => {
  it.each(TABLE)("$name", (row) => {
    const outcome = decide(row.state, row.input);
    expect(outcome.decision).toBe(row.decision);
    expect(effectNames(outcome.effects)).toEqual(row.effects);
    const production = Object.fromEntries(
      outcome.changes
        .filter((change) => change.environment === "production")
        .map((change) => [Number.parseInt(change.sha.slice(0, 8), 16), change.status]),
    );
    expect(production).toEqual(row.statuses ?? {});
  });
});

describe("the gate at production's door", () => {
  it("approves the run internalbf dispatched (matched by run id)", () => {
    const outcome = decide(state({ slot: production(2, "dispatched", 70) }), note(productionStarted(2, 70)));
    expect(outcome.decision).toBe("approved");
    expect(outcome.changes).toEqual([expect.objectContaining({ status: "deploying", run_id: 70 })]);
  });

  it("approves the one open dispatch of the commit when GitHub reported no run id", () => {
    const outcome = decide(state({ slot: production(2, "dispatched", null) }), note(productionStarted(2, 71)));
    expect(outcome.decision).toBe("approved");
    expect(outcome.changes).toEqual([expect.objectContaining({ run_id: 71 })]);
  });

  it("approves a run that reports in before GitHub's answer, and settles the dispatch", () => {
    const outcome = decide(state({ slot: production(2, "dispatching") }), note(productionStarted(2, 72)));
    expect(outcome.decision).toBe("approved");
    expect(effectNames(outcome.effects)).toEqual(["settle 00000002"]);
  });

  it("rejects a hand-run of the dispatched commit, with an alert", () => {
    const slot = production(2, "dispatched", 70);
    const outcome = decide(
      state({ slot, production: slot }),
      note(productionStarted(2, 71, { dispatch_id: undefined })),
    );
    expect(outcome.decision).toBe("rejected");
    expect(effectNames(outcome.effects)).toEqual(["alert production_start_rejected"]);
    expect(outcome.changes).toEqual([]);
  });

  it("rejects a hand-run production deploy of a commit that never passed staging, on the record but not as a row", () => {
    const outcome = decide(state({ live: sha(1) }), note(productionStarted(9, 5, { dispatch_id: undefined })));
    expect(outcome.decision).toBe("rejected");
    expect(outcome.changes).toEqual([]);
    expect(outcome.events).toEqual([
      expect.objectContaining({
        kind: "production_start_rejected",
        detail: expect.objectContaining({ reason: expect.stringMatching(/never reported/) }),
      }),
    ]);
  });

  it("rejects a second start of a commit that is already live", () => {
    const outcome = decide(state({ live: sha(1), production: production(1, "live") }), note(productionStarted(1, 5)));
    expect(outcome.decision).toBe("rejected");
    expect(outcome.changes).toEqual([]);
  });
});
