import { expect, it } from "vitest";
import { readWorkflow, workflowFiles } from "./support/workflows";

it.each(workflowFiles())("%s grants nothing by default and each job only read access to the code", (file) => {
  const { workflow } = readWorkflow(file);

  expect(workflow.permissions).toEqual({});
  for (const [id, found] of Object.entries(workflow.jobs)) {
    expect({ id, permissions: found.permissions }).toEqual({ id, permissions: { contents: "read" } });
  }
});
