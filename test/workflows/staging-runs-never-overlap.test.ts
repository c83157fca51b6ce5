import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

it("puts every staging run in one concurrency group and never cancels one in progress", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");

  expect(workflow.concurrency).toEqual({ group: "deploy-staging", "cancel-in-progress": false });
});
