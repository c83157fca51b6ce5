import { expect, it } from "vitest";
import { runStep } from "./support/run-step";
import { expr, job, readWorkflow, step } from "./support/workflows";

const decide = step(job(readWorkflow("deploy-staging.yml").workflow, "notify"), "Decide the staging result");

it("feeds the decision the two jobs' results", () => {
  expect(decide.env).toEqual({
    DEPLOY_RESULT: expr("needs.deploy.result"),
    TEST_RESULT: expr("needs.test.result"),
  });
});

it.each([
  ["success", "success", "success", "deploy and test succeeded"],
  ["failure", "skipped", "failure", "job deploy failed"],
  ["success", "failure", "failure", "job test failed"],
  ["cancelled", "skipped", "cancelled", "job deploy was cancelled"],
  ["success", "cancelled", "cancelled", "job test was cancelled"],
  ["success", "skipped", "failure", "job test ended skipped"],
  ["skipped", "skipped", "failure", "job deploy ended skipped"],
])("reports deploy %s and test %s as %s, naming the job (%s)", async (deployResult, testResult, status, details) => {
  const run = await runStep(decide, { DEPLOY_RESULT: deployResult, TEST_RESULT: testResult });

  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe(status);
  expect(run.outputs.details).toContain(details);
});
