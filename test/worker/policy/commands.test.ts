// Operators' commands, decided by the pure policy: what each does, what each refuses (changing
// nothing), and that each is on the record with who, how and why.
import { describe, expect, it } from "vitest";
import type { Command, CommandContext, Outcome, PipelineState, Switch } from "../../../worker/pipeline/model";
import { decide } from "../../../worker/pipeline/policy";
import { holding, production, productionResult, sha, staging, state } from "./builders";

const ANA = { actor: "ana@example.com", via: "access" };
const NOW = 1_800_000_000_000;

const noContext: CommandContext = { freeze: null, hold: null, block: null, formerlyLive: [], rolledBackFrom: [] };
const aSwitch = (actor = "bob@example.com"): Switch => ({
  since: NOW - 60_000,
  until: null,
  actor,
  via: "token",
  reason: "why",
});

function command(at: PipelineState, what: Command, context: Partial<CommandContext> = {}): Outcome {
  return decide(at, {
    kind: "command",
    command: what,
    operator: ANA,
    reason: "INC-7: the checkout is broken",
    context: { ...noContext, ...context },
  });
}

const effects = (outcome: Outcome) =>
  outcome.effects.map((effect) =>
    effect.kind === "dispatch"
      ? `dispatch ${effect.sha.slice(0, 8)} ${effect.triggeredBy}`
      : effect.kind === "alert"
        ? `alert ${effect.alert.kind}`
        : effect.kind === "compare"
          ? `compare ${effect.sha.slice(0, 8)}${effect.manual === true ? " manual" : ""}`
          : `${effect.kind} ${effect.sha.slice(0, 8)}`,
  );
const statuses = (outcome: Outcome) =>
  Object.fromEntries(outcome.changes.map((change) => [Number.parseInt(change.sha.slice(0, 8), 16), change.status]));
const settings = (outcome: Outcome) => Object.fromEntries((outcome.settings ?? []).map((s) => [s.name, s.value]));

describe("every command is on the record with who, how and why", () => {
  it.each<[string, PipelineState, Command, Partial<CommandContext>]>([
    ["hold", state(), { kind: "hold" }, {}],
    ["release", state(), { kind: "release" }, { hold: aSwitch() }],
    ["freeze", state(), { kind: "freeze", until: null }, {}],
    ["unfreeze", state(), { kind: "unfreeze" }, { freeze: aSwitch() }],
    ["block", state({ production: production(3, "queued") }), { kind: "block", sha: sha(3) }, {}],
    [
      "unblock",
      state({ production: production(3, "blocked") }),
      { kind: "unblock", sha: sha(3) },
      { block: aSwitch() },
    ],
    ["retry", state({ production: production(3, "dispatch_failed") }), { kind: "retry", sha: sha(3) }, {}],
    ["abandon", state(holding(production(3, "dispatched", 9))), { kind: "abandon", sha: sha(3) }, {}],
    ["promote", state({ staging: staging(3, "success") }), { kind: "promote", sha: sha(3) }, {}],
    [
      "rollback",
      state({ live: sha(4), production: production(3, "retired") }),
      { kind: "rollback", to: sha(3) },
      { formerlyLive: [sha(3)] },
    ],
    ["emergency", state(), { kind: "emergency", sha: sha(3) }, {}],
  ])("%s", (_name, at, what, context) => {
    const outcome = command(at, what, context);
    expect(outcome.refusal).toBeUndefined();
    expect(outcome.events).toContainEqual(
      expect.objectContaining({ actor: ANA.actor, via: "access", reason: "INC-7: the checkout is broken" }),
    );
  });
});

describe("hold and release", () => {
  it("a hold is set once; a second hold changes nothing", () => {
    expect(settings(command(state(), { kind: "hold" }))).toEqual({ hold: expect.stringContaining(ANA.actor) });
    expect(command(state(), { kind: "hold" }, { hold: aSwitch() }).decision).toBe("no_change");
  });

  it("release promotes the newest waiting success ahead of live", () => {
    const outcome = command(
      state({ onHold: true, live: sha(1), waiting: [production(3, "held"), production(2, "held")] }),
      { kind: "release" },
      { hold: aSwitch() },
    );
    expect(outcome.decision).toBe("released");
    expect(settings(outcome)).toEqual({ hold: null });
    expect(effects(outcome)).toEqual(["compare 00000003"]);
  });

  it("release leaves the waiting commits waiting while frozen", () => {
    const outcome = command(
      state({ onHold: true, frozen: true, waiting: [production(3, "held")] }),
      { kind: "release" },
      { hold: aSwitch() },
    );
    expect(effects(outcome)).toEqual([]);
  });
});

describe("freeze", () => {
  it("sends waiting commits back to held; one already sent continues", () => {
    const outcome = command(state({ ...holding(production(2, "dispatched", 5)), waiting: [production(3, "queued")] }), {
      kind: "freeze",
      until: null,
    });
    expect(outcome.decision).toBe("frozen");
    expect(statuses(outcome)).toEqual({ 3: "held" });
  });

  it("keeps a rollback waiting for the slot, and sends a waiting promote back to held", () => {
    const queue = [
      { sha: sha(3), triggeredBy: "internalbf-manual-promote" as const },
      { sha: sha(4), triggeredBy: "internalbf-rollback" as const },
    ];
    const outcome = command(
      state({
        ...holding(production(2, "deploying", 5)),
        commandQueue: queue,
        waiting: [production(4, "queued"), production(3, "queued")],
      }),
      { kind: "freeze", until: null },
    );
    expect(statuses(outcome)).toEqual({ 3: "held" });
    expect(JSON.parse(settings(outcome).command_queue ?? "[]")).toEqual([queue[1]]);
  });

  it("an ordering commit not yet sent goes back to held", () => {
    expect(statuses(command(state(holding(production(2, "ordering"))), { kind: "freeze", until: null }))).toEqual({
      2: "held",
    });
  });

  it("refuses an `until` in the past, changing nothing", () => {
    const outcome = command(state(), { kind: "freeze", until: NOW - 1 });
    expect(outcome.refusal).toMatchObject({ status: 409, code: "not_allowed", message: expect.stringMatching(/past/) });
    expect(outcome.changes).toEqual([]);
    expect(outcome.settings ?? []).toEqual([]);
  });

  it("refuses a promote while frozen, naming who froze and since when", () => {
    const outcome = command(
      state({ frozen: true, staging: staging(3, "success") }),
      { kind: "promote", sha: sha(3) },
      { freeze: aSwitch("bob@example.com") },
    );
    expect(outcome.refusal?.message).toMatch(/^frozen since \d\d:\d\d by bob@example.com: unfreeze first$/);
  });
});

describe("block", () => {
  it("a waiting commit never goes; unblocking returns it to held (on hold), or sends it (nothing stopping it)", () => {
    expect(statuses(command(state({ production: production(3, "queued") }), { kind: "block", sha: sha(3) }))).toEqual({
      3: "blocked",
    });
    expect(
      statuses(
        command(
          state({ onHold: true, production: production(3, "blocked") }),
          { kind: "unblock", sha: sha(3) },
          { block: aSwitch() },
        ),
      ),
    ).toEqual({ 3: "held" });
  });

  it("unblocked with the slot free and nothing stopping it, the commit goes", () => {
    const outcome = command(
      state({ production: production(3, "blocked") }),
      { kind: "unblock", sha: sha(3) },
      { block: aSwitch() },
    );
    expect(statuses(outcome)).toEqual({ 3: "dispatching" });
  });

  it("the live commit stays live", () => {
    const outcome = command(state({ live: sha(3), production: production(3, "live") }), { kind: "block", sha: sha(3) });
    expect(outcome.decision).toBe("blocked");
    expect(outcome.changes).toEqual([]);
  });

  it("a commit in the slot not yet approved loses it, and the next commit goes", () => {
    const outcome = command(
      state({ live: sha(1), ...holding(production(3, "dispatched", 7)), waiting: [production(4, "queued")] }),
      { kind: "block", sha: sha(3) },
    );
    expect(statuses(outcome)).toEqual({ 3: "blocked", 4: "ordering" });
  });
});

describe("retry and abandon", () => {
  it("retry dispatches a dispatch that failed, and refuses anything else", () => {
    expect(
      effects(command(state({ production: production(3, "dispatch_failed") }), { kind: "retry", sha: sha(3) })),
    ).toEqual(["dispatch 00000003 internalbf-manual-promote"]);
    expect(command(state({ production: production(3, "live") }), { kind: "retry", sha: sha(3) }).refusal?.code).toBe(
      "not_allowed",
    );
  });

  it("abandon frees the slot, cancels its effects and lets the queue move on", () => {
    const outcome = command(
      state({ live: sha(1), ...holding(production(3, "deploying", 7)), waiting: [production(4, "queued")] }),
      { kind: "abandon", sha: sha(3) },
    );
    expect(outcome.decision).toBe("abandoned");
    expect(statuses(outcome)).toEqual({ 3: "abandoned", 4: "ordering" });
    expect(effects(outcome)).toEqual(["cancel_effects 00000003", "compare 00000004"]);
  });

  it("abandon refuses a commit that does not hold the slot", () => {
    expect(command(state(), { kind: "abandon", sha: sha(3) }).refusal?.message).toMatch(
      /does not hold the production slot/,
    );
  });
});

describe("promote", () => {
  it("refuses a commit that never passed staging: use emergency", () => {
    expect(command(state(), { kind: "promote", sha: sha(3) }).refusal?.message).toBe(
      "0000000 never passed staging: use emergency",
    );
  });

  it("with a live commit, asks git first; behind it, it still goes and puts the hold on", () => {
    const asked = command(state({ live: sha(5), staging: staging(3, "success") }), { kind: "promote", sha: sha(3) });
    expect(effects(asked)).toEqual(["compare 00000003 manual"]);
    const ordered = decide(state({ live: sha(5), ...holding(production(3, "ordering")) }), {
      kind: "ordered",
      sha: sha(3),
      live: sha(5),
      relation: "behind",
      manual: true,
    });
    expect(effects(ordered)).toEqual(["dispatch 00000003 internalbf-manual-promote"]);
    expect(settings(ordered)).toEqual({ hold: expect.any(String) });
  });

  it("waits for the slot at the head of the queue, and goes before automatic promotions", () => {
    const waiting = command(state({ ...holding(production(2, "deploying", 5)), staging: staging(3, "success") }), {
      kind: "promote",
      sha: sha(3),
    });
    expect(waiting.decision).toBe("waiting_for_slot");
    const queue = [{ sha: sha(3), triggeredBy: "internalbf-manual-promote" as const }];
    expect(JSON.parse(settings(waiting).command_queue ?? "[]")).toEqual(queue);
    const freed = decide(
      state({
        ...holding(production(2, "deploying", 5)),
        commandQueue: queue,
        waiting: [production(4, "queued"), production(3, "queued")],
      }),
      { kind: "notification", notification: productionResult(2, "success", 5) },
    );
    expect(effects(freed)).toEqual(["dispatch 00000003 internalbf-manual-promote"]);
  });
});

describe("rollback and emergency", () => {
  it("a rollback puts the hold on and dispatches the target, even while frozen", () => {
    const outcome = command(
      state({ frozen: true, live: sha(4), production: production(3, "retired") }),
      { kind: "rollback", to: sha(3) },
      { formerlyLive: [sha(3)], freeze: aSwitch() },
    );
    expect(outcome.decision).toBe("dispatch_queued");
    expect(effects(outcome)).toEqual(["alert rollback", "dispatch 00000003 internalbf-rollback"]);
    expect(Object.keys(settings(outcome)).sort()).toEqual(["hold", `rolled_back_from:${sha(4)}`]);
  });

  it("a rollback's target starts a new decision: the run of its earlier deploy is not on its record any more", () => {
    const outcome = command(
      state({ live: sha(4), production: production(3, "retired", 1000) }),
      { kind: "rollback", to: sha(3) },
      { formerlyLive: [sha(3)] },
    );
    expect(outcome.changes).toContainEqual(
      expect.objectContaining({ sha: sha(3), status: "dispatching", run_id: null }),
    );
  });

  it("refuses a rollback to a commit that was never live", () => {
    expect(
      command(state({ live: sha(4), production: production(3, "superseded") }), { kind: "rollback", to: sha(3) })
        .refusal?.message,
    ).toMatch(/never live/);
  });

  it("refuses a rollback when nothing earlier was live", () => {
    expect(command(state({ live: sha(4) }), { kind: "rollback", to: null }).refusal?.message).toMatch(
      /nothing earlier was live/,
    );
  });

  it("an emergency goes past staging, freeze, hold and block, and alerts", () => {
    const outcome = command(
      state({ frozen: true, onHold: true, neverPromote: true }),
      { kind: "emergency", sha: sha(3) },
      { block: aSwitch() },
    );
    expect(effects(outcome)).toEqual(["alert emergency_deploy", "dispatch 00000003 internalbf-emergency"]);
  });

  it("an emergency of the live commit deploys it again, marked as a redeploy", () => {
    const live = production(3, "live", 7);
    const outcome = command(state({ live: sha(3), production: live }), { kind: "emergency", sha: sha(3) });
    expect(effects(outcome)).toEqual(["alert emergency_deploy", "dispatch 00000003 internalbf-emergency"]);
    expect(statuses(outcome)).toEqual({ 3: "dispatching" });
    expect(settings(outcome)).toEqual({ redeploy: sha(3) });
  });

  it.each([
    ["abandoned", { kind: "abandon", sha: sha(3) } as Command],
    ["blocked", { kind: "block", sha: sha(3) } as Command],
  ])("a redeploy of the live commit %s leaves it live", (_, what) => {
    const row = production(3, "dispatched", 7);
    const at = state({ live: sha(3), redeploying: sha(3), ...holding(row) });
    const outcome = command(at, what);
    expect(statuses(outcome)).toEqual({ 3: "live" });
    expect(settings(outcome)).toMatchObject({ redeploy: null });
  });

  it("a redeploy of the live commit that production fails leaves it live, on hold", () => {
    const row = production(3, "deploying", 7);
    const at = state({ live: sha(3), redeploying: sha(3), holdOnFailure: true, ...holding(row) });
    const outcome = decide(at, { kind: "notification", notification: productionResult(3, "failure", 7) });
    expect(statuses(outcome)).toEqual({ 3: "live" });
    expect(settings(outcome)).toMatchObject({ redeploy: null, hold: expect.any(String) });
  });
});
