// What GitHub says of the run in flight, decided by the pure policy: waits on the record, a run that
// completed without reporting frees the slot (and only the run on the record counts).
import { describe, expect, it } from "vitest";
import type { Outcome, PipelineState, RunObservation } from "../../../worker/pipeline/model";
import { decide } from "../../../worker/pipeline/policy";
import { holding, production, sha, state } from "./builders";

const NOW = 1_800_000_000_000;
const observe = (at: PipelineState, run: Partial<RunObservation>, runId = 7): Outcome =>
  decide(at, {
    kind: "run_observed",
    sha: sha(2),
    runId,
    run: { status: "completed", conclusion: null, runUrl: null, subject: null, ...run },
  });
const statuses = (outcome: Outcome) => outcome.changes.map((change) => change.status);
const alerts = (outcome: Outcome) => outcome.effects.flatMap((e) => (e.kind === "alert" ? [e.alert.kind] : []));

describe("the run in flight, as GitHub says it is", () => {
  const dispatched = state({ live: sha(1), ...holding(production(2, "dispatched", 7)), holdOnFailure: true });
  const deploying = state({ live: sha(1), ...holding(production(2, "deploying", 7)), holdOnFailure: true });

  it.each([
    ["waiting", "waiting for review"],
    ["queued", "waiting to start"],
    ["pending", "waiting to start"],
    ["requested", "waiting to start"],
  ])("%s goes on the record as %s, and nothing else changes", (status, review) => {
    const outcome = observe(deploying, { status });
    expect(outcome.changes).toEqual([expect.objectContaining({ status: "deploying", review })]);
    expect(outcome.effects).toEqual([]);
  });

  it("the wait for reviewers is timed when it ends", () => {
    const waited = production(2, "deploying", 7);
    const at = state({
      now: NOW,
      ...holding({ ...waited, review: "waiting for review", review_since: NOW - 90_000, review_ms: 10_000 }),
    });
    expect(observe(at, { status: "in_progress" }).changes).toEqual([
      expect.objectContaining({ review: null, review_since: null, review_ms: 100_000 }),
    ]);
  });

  it("a run cancelled before it reached the gate: dispatch_failed, no hold, the next commit goes", () => {
    const at = { ...dispatched, waiting: [production(3, "queued")] };
    const outcome = observe(at, { conclusion: "cancelled" });
    expect(statuses(outcome)).toEqual(["dispatch_failed", "ordering"]);
    expect(alerts(outcome)).toEqual(["run_unreported"]);
    expect(outcome.settings ?? []).toEqual([]);
  });

  it("a started run that failed without reporting: failed, and the hold stops the next commit", () => {
    const at = { ...deploying, waiting: [production(3, "queued")] };
    const outcome = observe(at, { conclusion: "failure" });
    expect(statuses(outcome)).toEqual(["failed"]);
    expect(outcome.settings?.map((setting) => setting.name)).toEqual(["hold"]);
  });

  it("a success that never reported is unconfirmed, not live", () => {
    const outcome = observe(deploying, { conclusion: "success" });
    expect(statuses(outcome)).toEqual(["unconfirmed"]);
    expect(alerts(outcome)).toEqual(["unconfirmed"]);
  });

  it("a run that is not the one on the record changes nothing", () => {
    expect(observe(deploying, { conclusion: "cancelled" }, 8)).toMatchObject({ changes: [], effects: [] });
  });
});
