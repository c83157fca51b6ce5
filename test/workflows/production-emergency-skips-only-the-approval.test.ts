import { expect, it } from "vitest";
import { runStep } from "./support/run-step";
import { expr, job, NOTIFY_ACTION, readWorkflow, step, steps } from "./support/workflows";

const { workflow } = readWorkflow("deploy-production.yml");
const gate = job(workflow, "gate");

it("skips internalbf's approval in an emergency, and nothing else in the gate", () => {
  const conditional = steps(gate).filter((one) => one.if !== undefined);

  expect(step(gate, "Ask internalbf to approve this run").if).toBe(expr("!inputs.emergency"));
  expect(conditional.map((one) => one.name).sort()).toEqual([
    "Ask internalbf to approve this run",
    "Check the emergency reason",
    "Record the emergency deployment in internalbf (best effort)",
  ]);
});

it("still puts an emergency on internalbf's record, best effort, with who and why", () => {
  const record = step(gate, "Record the emergency deployment in internalbf (best effort)");

  expect(record.if).toBe("inputs.emergency");
  expect(record.uses).toBe(NOTIFY_ACTION);
  expect(record.with).toMatchObject({
    event: "production_deployment_started",
    "commit-sha": expr("inputs.commit_sha"),
    "require-approval": "false",
    "fail-on-error": "false",
  });
  expect(record.with?.details).toContain(expr("github.actor"));
  expect(record.with?.details).toContain(expr("inputs.reason"));
});

it("still needs the production environment's reviewers: the deploy job has no emergency path around it", () => {
  const deploy = job(workflow, "deploy");

  expect(deploy.environment).toMatchObject({ name: "production" });
  expect(JSON.stringify(deploy)).not.toContain("emergency");
});

it("refuses an emergency without a reason", async () => {
  const check = step(gate, "Check the emergency reason");

  expect(check.if).toBe("inputs.emergency");
  expect((await runStep(check, { REASON: "" })).code).toBe(1);
  expect((await runStep(check, { REASON: "  \n " })).code).toBe(1);
  expect((await runStep(check, { REASON: "internalbf is down (Cloudflare incident)" })).code).toBe(0);
});
