// Gaps the property tests found in the policy, each replayed as its shortest sequence into the World
// and checked against the property it broke: regression tests for the fixes.
import { describe, expect, it } from "vitest";
import { sha, World } from "./world";

const ANA = { actor: "ana@example.com", via: "access" };
const WHY = "INC-7: the checkout is broken";

describe("gaps in the policy found by the properties", () => {
  it("an emergency for the commit holding the slot dispatches it, rather than queueing it for a slot no one holds", () => {
    const world = new World();
    world.staged(1, "success"); // nothing live: #1 dispatching, it holds the slot
    world.command({ kind: "emergency", sha: sha(1) }, ANA, WHY); // #1 → queued, command_queue [#1], slot free
    world.drain();
    expect(world.violationsOf("nothing_waits_forever")).toEqual([]);
  });

  it("a release while a commit holds the slot leaves the waiting commits waiting", () => {
    const world = new World();
    world.staged(1, "success"); // #1 dispatching
    world.command({ kind: "hold" }, ANA, WHY);
    world.staged(2, "success"); // #2 held
    world.command({ kind: "release" }, ANA, WHY); // advance() without a free slot: #2 dispatching too
    expect(world.violationsOf("one_slot")).toEqual([]);
  });

  it("an unfreeze while a commit holds the slot leaves the waiting commits waiting", () => {
    const world = new World();
    world.staged(1, "success");
    world.command({ kind: "freeze", until: null }, ANA, WHY);
    world.staged(2, "success");
    world.command({ kind: "unfreeze" }, ANA, WHY);
    expect(world.violationsOf("one_slot")).toEqual([]);
  });

  it("a rollback while a newer commit is being ordered goes before it, and the hold stops that commit", () => {
    const world = new World();
    world.staged(1, "success");
    world.drain(); // #1 live
    world.staged(2, "success");
    world.drain(); // #2 live, #1 retired
    world.staged(3, "success"); // #3 ordering against #2
    world.command({ kind: "rollback", to: null }, ANA, WHY); // hold set; the rollback to #1 waits for the slot
    world.drain(); // git: #3 ahead of #2 → #3 dispatched while on hold, deployed, then the rollback
    expect(world.violationsOf("still_while_frozen_or_held")).toEqual([]);
  });

  it("a hold set while a commit is being ordered stops it", () => {
    const world = new World();
    world.staged(1, "success");
    world.drain();
    world.staged(2, "success"); // #2 ordering against #1
    world.command({ kind: "hold" }, ANA, WHY);
    world.drain();
    expect(world.violationsOf("still_while_frozen_or_held")).toEqual([]);
  });

  it("a retry does not dispatch a blocked commit", () => {
    const world = new World();
    world.staged(1, "success"); // #1 dispatching
    world.work(0, true);
    world.deliver(0, false); // GitHub refused: #1 dispatch_failed
    world.command({ kind: "block", sha: sha(1) }, ANA, WHY); // a dispatch_failed row is left as it is
    world.command({ kind: "retry", sha: sha(1) }, ANA, WHY); // retry checks the status and the freeze, not the block
    expect(world.violationsOf("blocked_stays_out")).toEqual([]);
  });

  it("a dispatch decided before an emergency run goes on as it was, and leaves nothing waiting", () => {
    const world = new World();
    world.staged(1, "success"); // nothing live: #1 dispatched without ordering
    world.emergencyRun(2, "success"); // #2 live; the slot goes on as it was (an open question: see the note)
    world.drain();
    expect(world.violationsOf("nothing_waits_forever")).toEqual([]);
    expect(world.live()).toBe(sha(1));
  });

  it("an emergency for the live commit keeps it live on the record while its run is sent", () => {
    const world = new World();
    world.staged(8, "success");
    world.drain(); // #8 live
    world.staged(1, "success"); // #1 ordering against #8
    world.command({ kind: "emergency", sha: sha(8) }, ANA, WHY); // the slot is held: the redeploy waits, #8 stays live
    world.command({ kind: "hold" }, ANA, WHY);
    world.drain(); // git: #1 behind #8 → superseded; the redeploy of #8 goes, and #8 is live again
    expect(world.violationsOf("still_while_frozen_or_held")).toEqual([]);
    expect(world.violationsOf("live_moves_forward")).toEqual([]);
    expect(world.live()).toBe(sha(8));
  });

  it("GitHub's answer to an earlier decision's dispatch is not taken for the current decision's", () => {
    const world = new World();
    world.staged(2, "success"); // #2 dispatching: its dispatch waits in the outbox (internalbf cannot reach GitHub)
    world.emergencyRun(2, "success"); // #2 live by the internalbf-down path; its dispatch is not settled
    world.emergencyRun(1, "success"); // #1 live, #2 retired
    world.command({ kind: "rollback", to: null }, ANA, WHY); // a new decision for #2, a new dispatch id
    world.work(0, false); // the old entry goes out: run 100, with the old dispatch id
    world.finishRun(0, "success", false, false); // refused at the gate (not the decision's id): skipped
    // Its dispatch_accepted carries no dispatch id: run 100 goes on the new decision's record, so the
    // new decision's own run is refused too, and #2 holds the slot in `dispatched` for good.
    world.drain();
    expect(world.violationsOf("nothing_waits_forever")).toEqual([]);
  });

  it("an emergency run that goes live while the live commit is being redeployed frees the slot for what waits", () => {
    const world = new World();
    world.staged(5, "success");
    world.drain(); // #5 live
    world.command({ kind: "emergency", sha: sha(5) }, ANA, WHY); // #5 redeploying: it holds the slot, still live
    world.staged(4, "success"); // #4 waits
    world.emergencyRun(1, "success"); // #1 live by the internalbf-down path, #5 retired: its redeploy gives the slot up
    world.drain();
    expect(world.violationsOf("nothing_waits_forever")).toEqual([]);
  });
});
