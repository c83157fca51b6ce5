// The pipeline's switches as the settings table keeps them: their names, and the hold internalbf
// puts on by itself (after a production failure, or a promote behind the live commit).
import type { Switch } from "../model";
import type { Builder } from "./outcome";
import { SYSTEM } from "./outcome";

export const FREEZE = "freeze";
export const HOLD = "hold";
export const COMMAND_QUEUE = "command_queue";
/** The live commit an emergency is deploying again: it holds the slot and stays live on the record. */
export const REDEPLOY = "redeploy";
export const BLOCK_PREFIX = "block:";
export const ROLLED_BACK_PREFIX = "rolled_back_from:";
export const blockOf = (sha: string): string => `${BLOCK_PREFIX}${sha}`;
export const rolledBackOf = (sha: string): string => `${ROLLED_BACK_PREFIX}${sha}`;

/** A switch's stored value. */
export function switchValue(value: Switch): string {
  return JSON.stringify(value);
}

/** internalbf puts automatic promotion on hold itself, on the record (a pipeline event), via its policy. */
export function holdBySystem(now: number, setReason: string, event: Record<string, unknown>, out: Builder): void {
  out.setting(HOLD, switchValue({ since: now, until: null, actor: SYSTEM, via: "policy", reason: setReason }));
  out.event(null, null, "hold_set", SYSTEM, event);
}
