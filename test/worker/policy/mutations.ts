// Deliberately broken policies: the real one wrapped with one mutation each, and the property that
// must catch it (properties-can-fail.test.ts).

import type { PolicyInput } from "../../../worker/pipeline/model";
import { decide } from "../../../worker/pipeline/policy";
import { HOLD } from "../../../worker/pipeline/policy/commands";
import type { Notification } from "../../../worker/protocol";
import type { Decide, Property } from "./world";

const notificationOf = (input: PolicyInput, event: Notification["event"]): Notification | null =>
  input.kind === "notification" && input.notification.event === event ? input.notification : null;
const commandOf = (input: PolicyInput) => (input.kind === "command" ? input.command : null);
const withNotification = (input: PolicyInput, n: Notification): PolicyInput => ({
  ...input,
  kind: "notification",
  notification: n,
});

/** Mutations of the policy, each a wrapper of the real one, and the property that must catch it. */
export const MUTATIONS: readonly [Property, string, Decide][] = [
  [
    "staged_or_rescued",
    "a failed staging run counts as a success",
    (state, input) => {
      const n = notificationOf(input, "staging_deployment_complete");
      return decide(state, n?.status === "failure" ? withNotification(input, { ...n, status: "success" }) : input);
    },
  ],
  [
    "still_while_frozen_or_held",
    "automatic promotion ignores the freeze and the hold",
    (state, input) => decide(input.kind === "command" ? state : { ...state, frozen: false, onHold: false }, input),
  ],
  [
    "blocked_stays_out",
    "a staging success ignores the block",
    (state, input) => decide({ ...state, neverPromote: false }, input),
  ],
  [
    "rollback_holds",
    "a rollback leaves the hold off",
    (state, input) => {
      const outcome = decide(state, input);
      if (commandOf(input)?.kind !== "rollback") return outcome;
      return { ...outcome, settings: (outcome.settings ?? []).filter((setting) => setting.name !== HOLD) };
    },
  ],
  [
    "release_promotes_newest",
    "release and unfreeze try the oldest waiting commit first",
    (state, input) => {
      const kind = commandOf(input)?.kind;
      const reversed = kind === "release" || kind === "unfreeze";
      return decide(reversed ? { ...state, waiting: [...state.waiting].reverse() } : state, input);
    },
  ],
  [
    "dispatched_once",
    "a repeated ordering answer dispatches again",
    (state, input) => {
      const slot = state.slot;
      const repeated =
        input.kind === "ordered" && slot?.sha === input.sha && ["dispatching", "dispatched"].includes(slot.status);
      return decide(repeated ? { ...state, slot: { ...slot, status: "ordering" } } : state, input);
    },
  ],
  [
    "commands_on_record",
    "commands leave no audit event",
    (state, input) => {
      const outcome = decide(state, input);
      return input.kind === "command" ? { ...outcome, events: [] } : outcome;
    },
  ],
  [
    "refusal_changes_nothing",
    "a refused command still puts the hold on",
    (state, input) => {
      const outcome = decide(state, input);
      return outcome.refusal === undefined ? outcome : { ...outcome, settings: [{ name: HOLD, value: "{}" }] };
    },
  ],
  [
    "one_slot",
    "a staging success ignores the slot",
    (state, input) =>
      decide(notificationOf(input, "staging_deployment_complete") === null ? state : { ...state, slot: null }, input),
  ],
  [
    "live_moves_forward",
    "git always answers ahead",
    (state, input) => decide(state, input.kind === "ordered" ? { ...input, relation: "ahead" } : input),
  ],
  [
    "hand_run_changes_nothing",
    "any run's result is taken for the run on the record",
    (state, input) => {
      const n = notificationOf(input, "production_deployment_complete");
      const row = state.production;
      if (n === null || n.emergency === true || row === null) return decide(state, input);
      const ours = {
        ...(row.run_id === null ? {} : { run_id: row.run_id }),
        ...(row.dispatch_id === null ? {} : { dispatch_id: row.dispatch_id }),
      };
      return decide(state, withNotification(input, { ...n, ...ours }));
    },
  ],
  [
    "nothing_waits_forever",
    "a production result forgets the commands waiting for the slot",
    (state, input) =>
      decide(
        notificationOf(input, "production_deployment_complete") === null ? state : { ...state, commandQueue: [] },
        input,
      ),
  ],
];
