import { expect, it } from "vitest";
import { expr, job, NOTIFY_ACTION, needs, readWorkflow, step, steps } from "./support/workflows";

const { workflow } = readWorkflow("deploy-production.yml");
const gate = job(workflow, "gate");
const approval = step(gate, "Ask internalbf to approve this run");

it("notifies production_deployment_started for the dispatched commit, passed explicitly, and requires approval", () => {
  expect(approval.uses).toBe(NOTIFY_ACTION);
  expect(approval.with).toMatchObject({
    event: "production_deployment_started",
    "commit-sha": expr("inputs.commit_sha"),
    "require-approval": "true",
  });
  expect(approval.with?.["fail-on-error"]).toBeUndefined();
});

it("asks only after checking the commit is on main", () => {
  const names = steps(gate).map((one) => one.name);

  expect(names.indexOf("Check the commit is on main")).toBeLessThan(names.indexOf(approval.name));
});

it("deploys only after the gate, in the production environment", () => {
  const deploy = job(workflow, "deploy");

  expect(needs(deploy)).toEqual(["gate"]);
  expect(deploy.if).toBeUndefined();
  expect(deploy.environment).toEqual({ name: "production", url: expr("env.PRODUCTION_URL") });
});

it("deploys the dispatched commit, not the workflow's own", () => {
  const checkout = step(job(workflow, "deploy"), "Check out the commit");

  expect(checkout.with?.ref).toBe(expr("inputs.commit_sha"));
  expect(step(job(workflow, "deploy"), "Deploy the site with Kamal").env?.COMMIT_SHA).toBe(expr("inputs.commit_sha"));
});
