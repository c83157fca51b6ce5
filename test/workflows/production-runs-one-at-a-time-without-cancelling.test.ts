import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

it("puts every production run in one concurrency group and never cancels one in progress", () => {
  const { workflow } = readWorkflow("deploy-production.yml");

  expect(workflow.concurrency).toEqual({ group: "deploy-production", "cancel-in-progress": false });
});
