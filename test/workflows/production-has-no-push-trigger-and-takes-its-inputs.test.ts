import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

const { workflow } = readWorkflow("deploy-production.yml");

it("runs only when dispatched: no push, no other trigger", () => {
  expect(Object.keys(workflow.on)).toEqual(["workflow_dispatch"]);
});

it("takes a required commit_sha, triggered_by, and an emergency switch with its reason", () => {
  const dispatch = workflow.on.workflow_dispatch as { inputs: Record<string, { required?: boolean; type?: string }> };

  expect(Object.keys(dispatch.inputs).sort()).toEqual([
    "commit_sha",
    "dispatch_id",
    "emergency",
    "reason",
    "triggered_by",
  ]);
  expect(dispatch.inputs.commit_sha).toMatchObject({ required: true, type: "string" });
  expect(dispatch.inputs.triggered_by).toMatchObject({ required: false, type: "string" });
  expect(dispatch.inputs.emergency).toMatchObject({ required: false, type: "boolean" });
  expect(dispatch.inputs.reason).toMatchObject({ type: "string" });
});
