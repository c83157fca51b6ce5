// The promotion policy: pure (state + input → outcome), so every rule is testable without a runtime.
// A file per concern: staging's results, the slot and GitHub's answers, the gate at production's
// door, production's results, emergency runs, operators' commands.
import type { Notification } from "../../protocol";
import type { Outcome, PipelineState, PolicyInput } from "../model";
import { onCommand } from "./commands";
import { onEmergencyComplete, onEmergencyStarted } from "./emergency";
import { onProductionStarted } from "./gate";
import { Builder } from "./outcome";
import { onProductionComplete } from "./production";
import { onRunObserved } from "./reconcile";
import { onDispatchAccepted, onDispatchFailed, onOrdered, onOrderFailed } from "./slot";
import { onStagingComplete, onStagingStarted } from "./staging";

/** Decides what one input means for the pipeline. */
export function decide(state: PipelineState, input: PolicyInput): Outcome {
  const out = new Builder(state.redeploying);
  switch (input.kind) {
    case "notification":
      return onNotification(state, input.notification, out);
    case "command":
      return onCommand(state, input, out);
    case "ordered":
      return onOrdered(state, input.sha, input.live, input.relation, out, input.manual === true);
    case "order_failed":
      return onOrderFailed(state, input.sha, input.error, out);
    case "dispatch_accepted":
      return onDispatchAccepted(state, input.sha, input.runId, input.runUrl, out, input.dispatchId ?? null);
    case "dispatch_failed":
      return onDispatchFailed(state, input.sha, input.error, out, input.dispatchId ?? null);
    case "run_observed":
      return onRunObserved(state, input.sha, input.runId, input.run, out);
  }
}

function onNotification(state: PipelineState, n: Notification, out: Builder): Outcome {
  switch (n.event) {
    case "staging_deployment_started":
      return onStagingStarted(state, n, out);
    case "staging_deployment_complete":
      return onStagingComplete(state, n, out);
    case "production_deployment_started":
      return n.emergency === true ? onEmergencyStarted(state, n, out) : onProductionStarted(state, n, out);
    case "production_deployment_complete":
      return n.emergency === true ? onEmergencyComplete(state, n, out) : onProductionComplete(state, n, out);
  }
}
