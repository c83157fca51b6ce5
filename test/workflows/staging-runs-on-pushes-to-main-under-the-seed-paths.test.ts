import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

it("deploys staging on pushes to main that touch the site or staging's infrastructure, and by hand", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");

  expect(Object.keys(workflow.on).sort()).toEqual(["push", "workflow_dispatch"]);
  expect(workflow.on.push).toEqual({
    branches: ["main"],
    // The site's folder (named only here: on: reads no expression), staging's infrastructure and
    // the names it is built with.
    paths: [
      expect.stringMatching(/^apps\/[^/*]+\/\*\*$/),
      "infra/terraform/staging/**",
      "infra/terraform/names.tfvars",
    ],
  });
});
