import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

it("deploys staging on pushes to main that touch the site or staging's infrastructure, and by hand", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");

  expect(Object.keys(workflow.on).sort()).toEqual(["push", "workflow_dispatch"]);
  expect(workflow.on.push).toEqual({
    branches: ["main"],
    paths: ["apps/boltfoundry-com/**", "infra/terraform/staging/**"],
  });
});
