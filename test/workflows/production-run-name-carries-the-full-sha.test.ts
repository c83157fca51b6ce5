import { expect, it } from "vitest";
import { expr, job, readWorkflow, step } from "./support/workflows";

it("names each run after the full commit SHA and internalbf's dispatch id, which internalbf finds its own run by", () => {
  const { workflow } = readWorkflow("deploy-production.yml");

  expect(workflow["run-name"]).toBe(`Deploy ${expr("inputs.commit_sha")} to production ${expr("inputs.dispatch_id")}`);
});

it("passes the dispatch id on to internalbf at the gate and with the result, so a duplicate run is known as one", () => {
  const { workflow } = readWorkflow("deploy-production.yml");
  const gate = job(workflow, "gate");
  const report = job(workflow, "report");

  expect(step(gate, "Ask internalbf to approve this run").with?.["dispatch-id"]).toBe(expr("inputs.dispatch_id"));
  expect(step(report, "Notify internalbf").with?.["dispatch-id"]).toBe(expr("inputs.dispatch_id"));
});

it("says it is an emergency run when it is one, at the start and with the result", () => {
  const { workflow } = readWorkflow("deploy-production.yml");
  const gate = job(workflow, "gate");
  const report = job(workflow, "report");

  expect(step(gate, "Record the emergency deployment in internalbf (best effort)").with?.emergency).toBe("true");
  expect(step(report, "Notify internalbf").with?.emergency).toBe(expr("inputs.emergency"));
});
