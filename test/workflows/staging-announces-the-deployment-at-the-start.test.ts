import { expect, it } from "vitest";
import { job, NOTIFY_ACTION, readWorkflow, steps } from "./support/workflows";

it("notifies staging_deployment_started before Terraform or Kamal run, without stopping staging if internalbf is down", () => {
  const deploy = job(readWorkflow("deploy-staging.yml").workflow, "deploy");
  const all = steps(deploy);

  const announce = all.findIndex((step) => step.uses === NOTIFY_ACTION);
  const firstWork = all.findIndex((step) => /terraform|kamal/.test(step.run ?? ""));

  expect(all[announce]?.with?.event).toBe("staging_deployment_started");
  expect(all[announce]?.with?.["fail-on-error"]).toBe("false");
  expect(announce).toBeGreaterThan(-1);
  expect(announce).toBeLessThan(firstWork);
});
