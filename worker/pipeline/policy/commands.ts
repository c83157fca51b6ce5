// Operators' commands: promote, roll back (with the hold), hold and release, freeze and unfreeze,
// block and unblock, retry, abandon, emergency. Each is decided like any other input: a refusal
// changes nothing and says why and what to do instead; everything else is on the record with who,
// how and why.
import type { Command, CommandContext, Operator, Outcome, PipelineState, TriggeredBy } from "../model";
import { SLOT_STATUSES, WAITING_STATUSES } from "../model";
import { alertOf, type Builder, short } from "./outcome";
import { advance, dispatchNow, PAST_FREEZE, promote } from "./slot";
import { blockOf, COMMAND_QUEUE, FREEZE, HOLD, rolledBackOf, switchValue } from "./switches";

export { blockOf, COMMAND_QUEUE, FREEZE, HOLD, rolledBackOf } from "./switches";

export interface CommandInput {
  readonly command: Command;
  readonly operator: Operator;
  readonly reason: string;
  readonly context: CommandContext;
}

/** The commit a rollback goes to: `to`, or the most recent commit live before the current one that was not itself rolled back from and is not blocked. */
export function rollbackTarget(to: string | null, context: CommandContext, blocked: readonly string[]): string | null {
  if (to !== null) return to;
  return context.formerlyLive.find((sha) => !context.rolledBackFrom.includes(sha) && !blocked.includes(sha)) ?? null;
}

/** Decides one command. `state` is about the command's commit (for rollback: its target). */
export function onCommand(state: PipelineState, input: CommandInput, out: Builder): Outcome {
  const { command, operator, reason, context } = input;
  const at = state.now;
  const record = (sha: string | null, kind: string, detail: Record<string, unknown> = {}) =>
    out.operatorEvent(sha, kind, operator, reason, detail);
  const switchOf = (until: number | null): string =>
    switchValue({ since: at, until, actor: operator.actor, via: operator.via, reason });
  switch (command.kind) {
    case "hold":
      if (context.hold !== null) return out.done("no_change");
      out.setting(HOLD, switchOf(null));
      record(null, "hold_set");
      return out.done("on_hold");
    case "release": {
      if (context.hold === null) return out.done("no_change");
      out.setting(HOLD, null);
      record(null, "hold_released");
      if (state.slot === null) advance({ ...state, onHold: false }, state.live, "", out);
      return out.done("released");
    }
    case "freeze":
      if (command.until !== null && command.until <= at) {
        return out.refuse(
          409,
          "not_allowed",
          "`until` is in the past: give a time to come, or none to freeze until unfrozen",
        );
      }
      if (context.freeze !== null && context.freeze.until === command.until) return out.done("no_change");
      out.setting(FREEZE, switchOf(command.until));
      record(null, "frozen", { until: command.until === null ? null : new Date(command.until).toISOString() });
      // A waiting or ordering commit not yet sent goes back to held; one already sent continues. A
      // rollback or an emergency waiting for the slot still goes; a promote or retry waits as held.
      {
        const kept = state.commandQueue.filter((queued) => PAST_FREEZE.includes(queued.triggeredBy));
        if (kept.length !== state.commandQueue.length) out.setting(COMMAND_QUEUE, JSON.stringify(kept));
        for (const waiting of state.waiting) {
          if (!kept.some((queued) => queued.sha === waiting.sha)) out.production(waiting.sha, "held", {});
        }
        if (state.slot !== null && state.slot.status === "ordering") {
          out.production(state.slot.sha, "held", {});
          // The slot frees: a rollback or an emergency waiting for it goes now.
          advance({ ...state, frozen: true, commandQueue: kept }, state.live, state.slot.sha, out);
        }
      }
      return out.done("frozen");
    case "unfreeze": {
      if (context.freeze === null) return out.done("no_change");
      out.setting(FREEZE, null);
      record(null, "unfrozen");
      if (state.slot === null) advance({ ...state, frozen: false }, state.live, "", out);
      return out.done("unfrozen");
    }
    case "block": {
      const sha = command.sha;
      if (context.block !== null) return out.done("no_change");
      out.setting(blockOf(sha), switchOf(null));
      record(sha, "blocked");
      const row = state.production;
      // In the slot but not yet approved, or waiting: it never goes; live, it stays live.
      if (
        row !== null &&
        (WAITING_STATUSES.includes(row.status) || ["ordering", "dispatching", "dispatched"].includes(row.status))
      ) {
        out.production(sha, "blocked", {});
        if (row.status === "dispatching") out.effect({ kind: "settle_dispatch", sha });
        if (SLOT_STATUSES.includes(row.status)) advance(state, state.live, sha, out);
      }
      dropFromQueue(state, sha, out);
      return out.done("blocked");
    }
    case "unblock": {
      const sha = command.sha;
      if (context.block === null) return out.done("no_change");
      out.setting(blockOf(sha), null);
      record(sha, "unblocked");
      if (state.production?.status === "blocked") {
        // Back among the waiting commits; with nothing stopping it and the slot free, it goes now.
        if (state.slot === null && !state.frozen && !state.onHold) promote(sha, state.live, out);
        else out.production(sha, "held", {});
      }
      return out.done("unblocked");
    }
    case "retry": {
      const sha = command.sha;
      if (state.production?.status !== "dispatch_failed") {
        return out.refuse(
          409,
          "not_allowed",
          `${short(sha)} is ${state.production?.status ?? "not in production"}, not dispatch_failed: only a dispatch that failed can be retried`,
        );
      }
      if (state.frozen) return out.refuse(409, "not_allowed", frozenMessage(context));
      if (context.block !== null) {
        return out.refuse(409, "not_allowed", `${short(sha)} is blocked by ${context.block.actor}: unblock it first`);
      }
      record(sha, "retry_requested");
      // Asked again against what is live now, as a promote: live may have moved past it meanwhile.
      return take(state, sha, "internalbf-manual-promote", out, true);
    }
    case "abandon": {
      const sha = command.sha;
      if (state.slot === null || state.slot.sha !== sha) {
        return out.refuse(
          409,
          "not_allowed",
          `${short(sha)} does not hold the production slot${state.slot === null ? " (it is free)" : ` (${short(state.slot.sha)} does)`}: only the deployment in the slot can be abandoned`,
        );
      }
      out.production(sha, "abandoned", { error: `abandoned by ${operator.actor}: ${reason}` });
      out.effect({ kind: "cancel_effects", sha });
      record(sha, "abandoned", { status: state.slot.status, run_id: state.slot.run_id });
      advance(state, state.live, sha, out);
      return out.done("abandoned");
    }
    case "promote": {
      const sha = command.sha;
      const refusal = promoteRefusal(state, sha, context);
      if (refusal !== null) return out.refuse(409, "not_allowed", refusal);
      record(sha, "promote_requested");
      return take(state, sha, "internalbf-manual-promote", out, true);
    }
    case "rollback": {
      const sha = state.production?.sha ?? command.to;
      if (sha === null) {
        return out.refuse(
          409,
          "not_allowed",
          "nothing earlier was live (or every earlier commit is blocked or was rolled back from): give `to`",
        );
      }
      const refusal = rollbackRefusal(state, sha, context);
      if (refusal !== null) return out.refuse(409, "not_allowed", refusal);
      if (context.hold === null) out.setting(HOLD, switchOf(null));
      if (state.live !== null) out.setting(rolledBackOf(state.live), String(at));
      record(sha, "rollback_requested", { from: state.live });
      out.alert(
        alertOf(
          "rollback",
          sha,
          "rollback",
          `Rollback to ${short(sha)} by ${operator.actor}: ${reason} (automatic promotion is on hold until released)`,
        ),
      );
      return take({ ...state, frozen: false }, sha, "internalbf-rollback", out);
    }
    case "emergency": {
      const sha = command.sha;
      record(sha, "emergency_requested");
      out.alert(
        alertOf(
          "emergency_deploy",
          sha,
          "emergency",
          `Emergency deploy by ${operator.actor}: ${reason} (${short(sha)}, past staging, freeze, hold and block)`,
        ),
      );
      return take({ ...state, frozen: false }, sha, "internalbf-emergency", out);
    }
  }
}

/** The command's dispatch: at once when the slot is free, else at the head of the queue, in the order commands came. */
function take(state: PipelineState, sha: string, triggeredBy: TriggeredBy, out: Builder, ordered = false): Outcome {
  if (state.slot?.sha === sha) {
    return out.refuse(
      409,
      "not_allowed",
      `${short(sha)} holds the production slot already (${state.slot.status}): abandon it first to send it again`,
    );
  }
  if (state.live === sha && triggeredBy !== "internalbf-emergency") {
    return out.refuse(409, "not_allowed", `${short(sha)} is live already: only an emergency deploys it again`);
  }
  if (state.slot === null) {
    if (ordered && state.live !== null) {
      out.production(sha, "ordering", { error: null });
      out.effect({ kind: "compare", live: state.live, sha, manual: true });
    } else {
      dispatchNow(sha, triggeredBy, out, state.live);
    }
    return out.done("dispatch_queued");
  }
  // The live commit stays live while its redeploy waits for the slot.
  if (state.live !== sha) out.production(sha, "queued", { error: null });
  out.setting(
    COMMAND_QUEUE,
    JSON.stringify([...state.commandQueue.filter((queued) => queued.sha !== sha), { sha, triggeredBy }]),
  );
  return out.done("waiting_for_slot");
}

function dropFromQueue(state: PipelineState, sha: string, out: Builder): void {
  if (!isQueuedCommand(state, sha)) return;
  out.setting(COMMAND_QUEUE, JSON.stringify(state.commandQueue.filter((queued) => queued.sha !== sha)));
}

function isQueuedCommand(state: PipelineState, sha: string): boolean {
  return state.commandQueue.some((queued) => queued.sha === sha);
}

function promoteRefusal(state: PipelineState, sha: string, context: CommandContext): string | null {
  const s = short(sha);
  if (state.staging?.status !== "success") return `${s} never passed staging: use emergency`;
  if (context.block !== null) return `${s} is blocked by ${context.block.actor}: unblock it first`;
  if (state.frozen) return frozenMessage(context);
  if (state.live === sha) return `${s} is already live`;
  if (state.slot?.sha === sha) return `${s} holds the production slot already (${state.slot.status})`;
  if (state.production?.status === "rejected")
    return `${s} diverged from main's line: it cannot be promoted (use emergency only for a commit on ${"main"})`;
  return null;
}

function rollbackRefusal(state: PipelineState, sha: string, context: CommandContext): string | null {
  const s = short(sha);
  if (state.live === sha) return `${s} is live already: roll back to an earlier commit`;
  if (!context.formerlyLive.includes(sha))
    return `${s} was never live: roll back to a commit that was (or use promote or emergency)`;
  if (context.block !== null)
    return `${s} is blocked by ${context.block.actor}: unblock it first, or roll back to another commit`;
  if (state.commandQueue.some((queued) => queued.triggeredBy === "internalbf-rollback")) {
    return "a rollback is already waiting for the slot: abandon the deployment in the slot, or wait";
  }
  return null;
}

function frozenMessage(context: CommandContext): string {
  const freeze = context.freeze;
  if (freeze === null) return "frozen: unfreeze first";
  const since = new Date(freeze.since).toISOString().slice(11, 16);
  return `frozen since ${since} by ${freeze.actor}: unfreeze first`;
}
