import { expect, it } from "vitest";
import { job, NOTIFY_ACTION, needs, readWorkflow, steps } from "./support/workflows";

it("notifies staging_deployment_started before Terraform or Kamal run, without stopping staging if internalbf is down", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");
  const announce = steps(job(workflow, "announce")).find((step) => step.uses === NOTIFY_ACTION);
  expect(announce?.with?.event).toBe("staging_deployment_started");
  expect(announce?.with?.["fail-on-error"]).toBe("false");

  // The deploy job, which runs Terraform and Kamal, starts after the announcement, whatever it did.
  const deploy = job(workflow, "deploy");
  expect(needs(deploy)).toEqual(["announce"]);
  expect(deploy.if).toBe("${{ !cancelled() }}");
  expect(steps(deploy).some((step) => step.uses === NOTIFY_ACTION)).toBe(false);
  expect(steps(deploy).some((step) => /terraform|kamal/.test(step.run ?? ""))).toBe(true);
});
