import { expect, it } from "vitest";
import { NOTIFY_ACTION, readWorkflow, steps, workflowFiles } from "./support/workflows";

it.each(workflowFiles())(
  "%s grants nothing by default, each job read access to the code, and id-token: write only where a token is sent",
  (file) => {
    const { workflow } = readWorkflow(file);

    expect(workflow.permissions).toEqual({});
    for (const [id, found] of Object.entries(workflow.jobs)) {
      const sendsToken = steps(found).some(
        (step) => step.uses === NOTIFY_ACTION && step.with?.["oidc-audience"] !== undefined,
      );
      const expected = sendsToken ? { contents: "read", "id-token": "write" } : { contents: "read" };
      expect({ id, permissions: found.permissions }).toEqual({ id, permissions: expected });
    }
  },
);
