// A status as a badge: its word, and a class by what it means to an operator (done well, moving,
// waiting, gone wrong), so colour is never the only sign.
import { words } from "./format";
import { type Html, html } from "./html";

const GOOD = ["live", "success"];
const MOVING = ["started", "ordering", "dispatching", "dispatched", "deploying", "emergency"];
const WAITING = ["queued", "held"];
const BAD = ["failure", "failed", "cancelled", "dispatch_failed", "rejected", "blocked", "abandoned", "unconfirmed"];

function tone(status: string): string {
  if (GOOD.includes(status)) return "good";
  if (MOVING.includes(status)) return "moving";
  if (WAITING.includes(status)) return "waiting";
  if (BAD.includes(status)) return "bad";
  return "plain";
}

/** The badge of `status`. */
export function badge(status: string): Html {
  return html`<span class="status ${tone(status)}">${words(status)}</span>`;
}
