import { expect, it } from "vitest";
import { expr, job, readWorkflow, step } from "./support/workflows";

it("runs the E2E suite against the staging URL, expecting the workflow's own commit", () => {
  const { workflow, text } = readWorkflow("deploy-staging.yml");
  const suite = step(job(workflow, "test"), "Run the staging E2E suite");

  expect(suite.run).toBe("node test/e2e/staging/suite.ts");
  expect(suite.env?.EXPECTED_SHA).toBe(expr("github.sha"));
  // Its value is the domain Terraform gives staging (site-urls-are-the-domains-terraform-serves).
  expect(text).toMatch(/^env:\n {2}STAGING_URL: https:\/\/\S+$/m);
});
