import { expect, it } from "vitest";
import { expr, job, NOTIFY_ACTION, needs, readWorkflow, steps } from "./support/workflows";

it("runs notify after deploy and test, whatever their result, and sends staging_deployment_complete", () => {
  const { workflow } = readWorkflow("deploy-staging.yml");
  const notify = job(workflow, "notify");

  expect(needs(job(workflow, "test"))).toEqual(["deploy"]);
  expect(needs(notify).sort()).toEqual(["deploy", "test"]);
  expect(notify.if).toBe("always()");
  const sent = steps(notify).filter((step) => step.uses === NOTIFY_ACTION);
  expect(sent).toHaveLength(1);
  expect(sent[0]?.with).toMatchObject({
    event: "staging_deployment_complete",
    status: expr("steps.result.outputs.status"),
    details: expr("steps.result.outputs.details"),
    "commit-sha": expr("github.sha"),
  });
});
