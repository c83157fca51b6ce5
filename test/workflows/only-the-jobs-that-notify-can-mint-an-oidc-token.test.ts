// A GitHub Actions OIDC token proves which workflow run sent a notification, not which step: any
// code in a job with id-token: write can mint one. So only the jobs that notify internalbf have it,
// and they run nothing but checkouts, shell the workflow wrote and the action.
import { expect, it } from "vitest";
import { EXPRESSION_START, NOTIFY_ACTION, readWorkflow, steps, workflowFiles } from "./support/workflows";

const CHECKOUT = /^actions\/checkout@[0-9a-f]{40}$/;

/** The id-token permission a permissions block grants (a string form like read-all grants none). */
const idToken = (permissions: string | Record<string, string> | undefined) =>
  typeof permissions === "object" ? permissions["id-token"] : undefined;

it("grants id-token: write exactly to the jobs whose notify step sends a token, and those jobs use no other action", () => {
  let notifying = 0;
  for (const file of workflowFiles()) {
    const { workflow } = readWorkflow(file);
    expect(idToken(workflow.permissions), `${file}: the workflow-wide permissions`).toBeUndefined();
    for (const [id, job] of Object.entries(workflow.jobs)) {
      // The staging worker's smoke test in deploy-internalbf.yml signs only: it sends no token.
      const notifies = steps(job).some(
        (step) => step.uses === NOTIFY_ACTION && step.with?.["oidc-audience"] !== undefined,
      );
      expect(idToken(job.permissions), `${file} job ${id}`).toBe(notifies ? "write" : undefined);
      if (!notifies) continue;
      notifying += 1;
      for (const step of steps(job)) {
        if (step.uses === undefined) continue;
        expect(step.uses === NOTIFY_ACTION || CHECKOUT.test(step.uses), `${file} job ${id} uses ${step.uses}`).toBe(
          true,
        );
      }
    }
  }
  expect(notifying).toBeGreaterThanOrEqual(4);
});

it("asks for a token for the worker's audience on every notify step that reaches the production worker", () => {
  for (const file of ["deploy-staging.yml", "deploy-production.yml"]) {
    const { workflow } = readWorkflow(file);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of steps(job).filter((candidate) => candidate.uses === NOTIFY_ACTION)) {
        expect(step.with?.["oidc-audience"], `${file}: ${step.name}`).toBe(
          `${EXPRESSION_START} vars.INTERNALBF_OIDC_AUDIENCE }}`,
        );
      }
    }
  }
});
