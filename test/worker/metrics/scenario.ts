// Thirty days of deployments with known failures, rollbacks, emergencies and durations, and older
// history the 30-day window must leave out. Times are from `now`; the figures each test expects are
// worked out by hand beside the test.
import { sha } from "../support/notify";
import { DAY, History, HOUR, MINUTE } from "./history";

/** The commits of the scenario, by letter. */
export const C = {
  A: sha(0xa1),
  B: sha(0xb1),
  C: sha(0xc1),
  D: sha(0xd1),
  E: sha(0xe1),
  F: sha(0xf1),
  G: sha(0x61),
  H: sha(0x71),
  I: sha(0x81),
  J: sha(0x91),
  K: sha(0x1a),
  L: sha(0x1b),
  M: sha(0x1c),
  N: sha(0x1d),
  P: sha(0x1e),
  Q: sha(0x1f),
  R: sha(0x2a),
  W: sha(0x2b),
  X: sha(0x2c),
  Y: sha(0x2d),
  Z: sha(0x2e),
} as const;

const operator = (actor: string, reason: string | null, via = "token") => ({ actor, via, reason });

/** The scenario's history, relative to `now`. */
export function scenario(now: number): History {
  const t = (days: number, ms = 0) => now - days * DAY + ms;
  const h = new History();

  // Older than 30 days: none of it counts in a 30-day window.
  h.promoted(t(40), C.Z, t(40, -4 * HOUR)).live(t(40), C.Z, 300);
  h.promoted(t(35), C.Y).failed(t(35), C.Y, "production_failure");
  h.event(t(33), C.Z, "rollback_requested", { from: C.Y }, operator("ana@example.com", "old"));
  h.event(t(32), null, "hold_set", {}, operator("old@example.com", null));
  h.staged(t(31, -30 * MINUTE), C.X).stagingResult(t(31), C.X, "failure");
  h.emergencyRun(t(31), C.W, "github", "(no reason given)").live(t(30, -HOUR), C.W, undefined, true);

  // A, B, C go live by staging successes (A's first promotion written without triggered_by).
  h.staged(t(28, -3 * HOUR), C.A, t(28, -2 * HOUR))
    .stagingResult(t(28, -HOUR), C.A, "success")
    .dispatched(t(28, -30 * MINUTE), C.A, null)
    .live(t(28), C.A, 600);
  h.promoted(t(25), C.B, t(25, -HOUR)).live(t(25), C.B, 900);
  h.staged(t(26), C.P).stagingResult(t(26, 20 * MINUTE), C.P, "failure");
  h.promoted(t(22), C.C, t(22, -3 * HOUR)).live(t(22), C.C, 1200);
  // C is rolled back to B: B is live again 5 minutes after the command (its row's phases now the rollback's).
  h.event(t(22, HOUR), C.B, "rollback_requested", { from: C.C }, operator("ana@example.com", "C breaks sign-in"));
  h.dispatched(t(22, HOUR + MINUTE), C.B, "internalbf-rollback").live(t(22, HOUR + 5 * MINUTE), C.B, 260_000);
  // D fails in production; E (no commit_timestamp: first seen at staging's start) goes live 2 h later.
  h.promoted(t(20), C.D, t(20, -3 * HOUR)).failed(t(20), C.D, "production_failure");
  h.staged(t(20, HOUR), C.E)
    .stagingResult(t(20, HOUR + 20 * MINUTE), C.E, "success")
    .dispatched(t(20, HOUR + 30 * MINUTE), C.E, "internalbf-staging-success")
    .live(t(20, 2 * HOUR), C.E, 700);
  // F: an operator's emergency deploy, past staging.
  h.event(t(15, -10 * MINUTE), C.F, "emergency_requested", {}, operator("bob@example.com", "hotfix", "access"));
  h.dispatched(t(15, -10 * MINUTE), C.F, "internalbf-emergency", t(15, -30 * MINUTE)).live(t(15), C.F, 400);
  // G: an emergency run on the internalbf-down path (no commit_timestamp: first seen at its start).
  h.emergencyRun(t(10, -15 * MINUTE), C.G, "carol", "internalbf is down").live(t(10), C.G, undefined, true);
  h.staged(t(9), C.Q)
    .stagingResult(t(9, 20 * MINUTE), C.Q, "failure")
    .stagingResult(t(8), C.Q, "failure");
  h.staged(t(7), C.R).stagingResult(t(7, 10 * MINUTE), C.R, "cancelled");
  // H goes live, is rolled back to E the next day, and that rollback is given up: pending.
  h.promoted(t(5), C.H, t(5, -4 * HOUR)).live(t(5), C.H, 800);
  h.event(t(4), C.E, "rollback_requested", { from: C.H }, operator("ana@example.com", "H slows checkout"));
  h.dispatched(t(4, MINUTE), C.E, "internalbf-rollback");
  h.event(t(4, 30 * MINUTE), C.E, "abandoned", {}, operator("erin@example.com", "GitHub is down"));
  // I's run ends without reporting after the gate (a failure); J's before it (nothing deployed).
  h.promoted(t(3), C.I, t(3, -3 * HOUR)).failed(t(3), C.I, "production_run_unreported", { started: true });
  h.event(t(3), null, "hold_set", { reason: "I failed" }, { actor: "internalbf" });
  h.promoted(t(3, HOUR), C.J).failed(t(3, HOUR), C.J, "production_run_unreported", { started: false });
  h.event(t(2, -2 * HOUR), null, "hold_released", {}, operator("erin@example.com", "the fix for I is coming"));
  h.promoted(t(2), C.K, t(2, -90 * MINUTE)).live(t(2), C.K, 500);
  // L: an operator's promote, cancelled in production; a hold on the record without a reason.
  h.staged(t(1, -3 * HOUR), C.L).stagingResult(t(1, -2 * HOUR), C.L, "success");
  h.event(t(1, -90 * MINUTE), null, "hold_set", {}, operator("frank@example.com", null));
  h.dispatched(t(1, -HOUR), C.L, "internalbf-manual-promote").failed(t(1), C.L, "production_cancelled");
  // M: an emergency run that gives no reason, and fails.
  h.emergencyRun(t(0, -12 * HOUR), C.M, "dave", "(no reason given)");
  h.failed(t(0, -11 * HOUR), C.M, "production_emergency_failure", { run_id: 1 });
  h.event(t(0, -8 * HOUR), null, "unfrozen", {}, { actor: "internalbf", via: "alarm", reason: "the freeze ended" });
  h.promoted(t(0, -6 * HOUR), C.N, t(0, -6 * HOUR - 45 * MINUTE)).live(t(0, -6 * HOUR), C.N, 400);
  return h;
}
