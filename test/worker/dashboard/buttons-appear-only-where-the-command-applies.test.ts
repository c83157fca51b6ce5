import { describe, expect, it } from "vitest";
import { commitActions, pipelineActions, rowActions, waitingActions } from "../../../worker/dashboard/actions";
import { commit, overview, record, view } from "./support";

const SWITCH = { since: "2026-11-28T08:00:00.000Z", until: null, actor: "ana", via: "token", reason: "INC-1" };
const A = commit(1);
const B = commit(2);
const names = (actions: readonly { command: string }[]) => actions.map((action) => action.command);

describe("the pipeline's commands", () => {
  it("offers freeze and hold when off, unfreeze and release when on, rollback only while something is live", () => {
    expect(names(pipelineActions(overview()))).toEqual(["freeze", "hold"]);
    expect(names(pipelineActions(overview({ frozen: SWITCH, on_hold: SWITCH, live: A })))).toEqual([
      "unfreeze",
      "release",
      "rollback",
    ]);
  });

  it("offers promote on a waiting commit only when not frozen, block always", () => {
    expect(names(waitingActions(overview(), A))).toEqual(["promote", "block"]);
    expect(names(waitingActions(overview({ frozen: SWITCH }), A))).toEqual(["block"]);
  });

  it("offers retry in the recent list only on dispatch_failed, not while frozen", () => {
    expect(names(rowActions(overview(), { status: "dispatch_failed" }, A))).toEqual(["retry"]);
    expect(names(rowActions(overview(), { status: "failed" }, A))).toEqual([]);
    expect(names(rowActions(overview({ frozen: SWITCH }), { status: "dispatch_failed" }, A))).toEqual([]);
  });
});

describe("a commit's commands", () => {
  it("offers promote on a commit that passed staging and is neither live nor in the slot", () => {
    expect(names(commitActions(record(A), overview({ live: B })))).toEqual(["promote", "block", "emergency"]);
    const held = record(A, { production: view({ sha: A, status: "held" }) });
    expect(names(commitActions(held, overview({ live: B })))).toContain("promote");
  });

  it.each([
    ["it is live", record(A, { production: view({ sha: A, status: "live" }) }), overview({ live: A })],
    [
      "it holds the slot",
      record(A, { production: view({ sha: A, status: "dispatched" }) }),
      overview({ in_flight: { sha: A, status: "dispatched", run_id: 1, run_url: null } }),
    ],
    ["staging failed", record(A, { staging: view({ sha: A, environment: "staging", status: "failure" }) }), overview()],
    ["it is blocked", record(A), overview({ blocked: [A] })],
    ["everything is frozen", record(A), overview({ frozen: SWITCH })],
    ["it diverged", record(A, { production: view({ sha: A, status: "rejected" }) }), overview()],
  ])("offers no promote when %s", (_, commitRecord, pipeline) => {
    expect(names(commitActions(commitRecord, pipeline))).not.toContain("promote");
  });

  it("offers abandon only on the slot's commit, retry only on dispatch_failed, unblock only when blocked", () => {
    const slot = overview({ in_flight: { sha: A, status: "deploying", run_id: 1, run_url: null } });
    expect(names(commitActions(record(A, { production: view({ sha: A, status: "deploying" }) }), slot))).toEqual([
      "abandon",
      "block",
      "emergency",
    ]);
    const failed = record(A, { production: view({ sha: A, status: "dispatch_failed" }) });
    expect(names(commitActions(failed, overview()))).toEqual(["promote", "retry", "block", "emergency"]);
    expect(names(commitActions(record(A), overview({ blocked: [A] })))).toEqual(["unblock", "emergency"]);
  });

  it("offers a rollback to a commit that was live before", () => {
    const retired = record(A, { production: view({ sha: A, status: "retired" }) });
    expect(commitActions(retired, overview({ live: B }))).toContainEqual({ command: "rollback", sha: A });
  });
});
