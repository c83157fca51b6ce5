import { expect, it } from "vitest";
import { runStep } from "./support/run-step";
import { expr, job, NOTIFY_ACTION, needs, readWorkflow, step } from "./support/workflows";

const { workflow } = readWorkflow("deploy-production.yml");
const report = job(workflow, "report");
const decide = step(report, "Decide the production result");

it("reports production_deployment_complete for the dispatched commit after gate and deploy, whatever happened", () => {
  const notify = step(report, "Notify internalbf");

  expect(report.if).toBe("always()");
  expect(needs(report).sort()).toEqual(["deploy", "gate"]);
  expect(notify.uses).toBe(NOTIFY_ACTION);
  expect(notify.with).toMatchObject({
    event: "production_deployment_complete",
    "commit-sha": expr("inputs.commit_sha"),
    status: expr("steps.result.outputs.status"),
  });
});

it.each([
  ["success", "success", "success"],
  ["success", "failure", "failure"],
  ["success", "cancelled", "cancelled"],
  ["failure", "skipped", "skipped"],
  ["cancelled", "skipped", "cancelled"],
])("reports gate %s and deploy %s as %s", async (gateResult, deployResult, status) => {
  const run = await runStep(decide, { GATE_RESULT: gateResult, DEPLOY_RESULT: deployResult, DECISION: "" });

  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe(status);
});

it("says a stopped gate deployed nothing, with internalbf's decision, so it is never taken for a failed deploy", async () => {
  const run = await runStep(decide, { GATE_RESULT: "failure", DEPLOY_RESULT: "skipped", DECISION: "rejected" });

  expect(run.outputs.details).toBe("job gate stopped the run (failure, decision rejected); nothing was deployed");
});
