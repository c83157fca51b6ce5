// The commands a page offers, and where each applies: the same rules the policy refuses by, read
// from the overview and the commit's record, so a button is shown only where pressing it can work
// (the policy still decides: a page may be out of date).
import { short } from "./format";
import type { CommitRecord, Overview } from "./model";

export type CommandName =
  | "promote"
  | "rollback"
  | "freeze"
  | "unfreeze"
  | "hold"
  | "release"
  | "block"
  | "unblock"
  | "retry"
  | "abandon"
  | "emergency";

/** One command a page offers: about a commit (`sha`), or the pipeline (null; for rollback, the previous commit). */
export interface Action {
  readonly command: CommandName;
  readonly sha: string | null;
}

/** How a command is sent and said. */
export interface CommandSpec {
  /** The button's text. */
  readonly label: string;
  /** The confirmation's heading. */
  readonly title: (sha: string | null) => string;
  /** What pressing it does, in plain words. */
  readonly explain: (sha: string | null) => string;
  /** The route's method: a form can only POST, so DELETE goes as `_method`. */
  readonly method: "POST" | "DELETE";
  readonly path: (sha: string | null) => string;
  /** Drawn as a warning (it goes past internalbf's checks, or gives something up). */
  readonly danger?: true;
}

const commit = (sha: string | null): string => `/deployments/${sha ?? ""}`;
const name = (sha: string | null): string => (sha === null ? "the commit" : short(sha));

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  promote: {
    label: "Promote",
    title: (sha) => `Promote ${name(sha)}`,
    explain: (sha) =>
      `Dispatch ${name(sha)} to production now (internalbf-manual-promote). A commit behind the live one also puts automatic promotion on hold; while another commit holds the slot, it waits at the head of the queue.`,
    method: "POST",
    path: (sha) => `${commit(sha)}/promote`,
  },
  rollback: {
    label: "Roll back",
    title: (sha) => (sha === null ? "Roll back production" : `Roll back to ${name(sha)}`),
    explain: (sha) =>
      `Put automatic promotion on hold and dispatch ${sha === null ? "the commit live before the current one" : name(sha)} (internalbf-rollback). Allowed while frozen.`,
    method: "POST",
    path: () => "/rollback",
  },
  freeze: {
    label: "Freeze",
    title: () => "Freeze promotions",
    explain: () =>
      "Stop every promotion but rollback and emergency, until the time below or until someone unfreezes. Waiting commits go back to held; a run already sent continues.",
    method: "POST",
    path: () => "/freeze",
  },
  unfreeze: {
    label: "Unfreeze",
    title: () => "Unfreeze",
    explain: () => "End the freeze. With the hold off, the newest waiting success ahead of live is promoted.",
    method: "DELETE",
    path: () => "/freeze",
  },
  hold: {
    label: "Hold",
    title: () => "Hold automatic promotion",
    explain: () => "Staging successes wait for an operator instead of going to production.",
    method: "POST",
    path: () => "/hold",
  },
  release: {
    label: "Release hold",
    title: () => "Release the hold",
    explain: () => "Automatic promotion resumes. With no freeze, the newest waiting success ahead of live is promoted.",
    method: "DELETE",
    path: () => "/hold",
  },
  block: {
    label: "Block",
    title: (sha) => `Block ${name(sha)}`,
    explain: (sha) =>
      `Never promote ${name(sha)}, automatically or by hand (but by an emergency). In the slot and not yet approved, its run is refused; live, it stays live (roll back to remove it).`,
    method: "POST",
    path: (sha) => `${commit(sha)}/block`,
    danger: true,
  },
  unblock: {
    label: "Unblock",
    title: (sha) => `Unblock ${name(sha)}`,
    explain: (sha) => `${name(sha)} may be promoted again: it returns to held.`,
    method: "DELETE",
    path: (sha) => `${commit(sha)}/block`,
  },
  retry: {
    label: "Retry",
    title: (sha) => `Retry ${name(sha)}`,
    explain: (sha) => `Dispatch ${name(sha)} again: GitHub never accepted its dispatch.`,
    method: "POST",
    path: (sha) => `${commit(sha)}/retry`,
  },
  abandon: {
    label: "Abandon",
    title: (sha) => `Abandon ${name(sha)}`,
    explain: (sha) =>
      `Give up ${name(sha)}'s deployment in the production slot: it becomes abandoned, its pending effects are cancelled and the queue moves on. Nothing is sent to GitHub.`,
    method: "POST",
    path: (sha) => `${commit(sha)}/abandon`,
    danger: true,
  },
  emergency: {
    label: "Emergency deploy",
    title: (sha) => `Emergency deploy of ${name(sha)}`,
    explain: (sha) =>
      `Dispatch ${name(sha)} past staging, the freeze, the hold and any block (internalbf-emergency), with an alert to everyone. Only a commit the production branch contains can go.`,
    method: "POST",
    path: (sha) => `${commit(sha)}/emergency`,
    danger: true,
  },
};

const SLOT = ["ordering", "dispatching", "dispatched", "deploying"];
/** Production statuses a promote is refused in (besides a freeze and a block). */
const NOT_PROMOTABLE = [...SLOT, "live", "blocked", "rejected", "emergency"];

/** The pipeline's own commands: freeze or unfreeze, hold or release, and a rollback while something is live. */
export function pipelineActions(overview: Overview): Action[] {
  const actions: Action[] = [
    { command: overview.frozen === null ? "freeze" : "unfreeze", sha: null },
    { command: overview.on_hold === null ? "hold" : "release", sha: null },
  ];
  if (overview.live !== null) actions.push({ command: "rollback", sha: null });
  return actions;
}

/** The commit in the slot can be abandoned. */
export function movingActions(overview: Overview): Action[] {
  return overview.in_flight === null ? [] : [{ command: "abandon", sha: overview.in_flight.sha }];
}

/** A waiting commit can be promoted (to the head of the queue, unless frozen) or blocked. */
export function waitingActions(overview: Overview, sha: string): Action[] {
  return [...(overview.frozen === null ? [{ command: "promote" as const, sha }] : []), { command: "block", sha }];
}

/** A row of the recent list offers a retry where GitHub never accepted its dispatch (and nothing is frozen). */
export function rowActions(overview: Overview, production: { readonly status: string } | null, sha: string): Action[] {
  return production?.status === "dispatch_failed" && overview.frozen === null ? [{ command: "retry", sha }] : [];
}

/** What a commit's page offers, by its record and the pipeline's state. */
export function commitActions(record: CommitRecord, overview: Overview): Action[] {
  const sha = record.sha;
  const status = record.production?.status ?? null;
  const blocked = overview.blocked.includes(sha) || status === "blocked";
  const inSlot = overview.in_flight?.sha === sha;
  const actions: Action[] = [];
  const passed = record.staging?.status === "success";
  const promotable = status === null || !NOT_PROMOTABLE.includes(status);
  if (passed && promotable && !blocked && !inSlot && overview.live !== sha && overview.frozen === null) {
    actions.push({ command: "promote", sha });
  }
  if (status === "retired" && !blocked && overview.live !== sha) actions.push({ command: "rollback", sha });
  if (status === "dispatch_failed" && overview.frozen === null) actions.push({ command: "retry", sha });
  if (inSlot) actions.push({ command: "abandon", sha });
  actions.push({ command: blocked ? "unblock" : "block", sha });
  actions.push({ command: "emergency", sha });
  return actions;
}

/** The action `confirm` and `sha` name on a page's URL, when the page offers it; else null. */
export function chosen(offered: readonly Action[], confirm: string | null, sha: string | null): Action | null {
  if (confirm === null) return null;
  return offered.find((action) => action.command === confirm && action.sha === (sha === "" ? null : sha)) ?? null;
}
