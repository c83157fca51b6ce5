import { expect, it } from "vitest";
import { expr, readWorkflow } from "./support/workflows";

it("names each run after the full commit SHA, which internalbf uses to find the run it dispatched", () => {
  const { workflow } = readWorkflow("deploy-production.yml");

  expect(workflow["run-name"]).toBe(`Deploy ${expr("inputs.commit_sha")} to production`);
});
