import { expect, it } from "vitest";
import { readWorkflow, steps, workflowFiles } from "./support/workflows";

// Ubuntu has Chromium only as a snap, so `npm test` (and the staging suite) would stop there
// asking for a browser: GitHub's images ship Google Chrome, which the steps must name.
const browserSteps = workflowFiles().flatMap((file) =>
  Object.entries(readWorkflow(file).workflow.jobs)
    .filter(([, found]) => String(found["runs-on"] ?? "").startsWith("ubuntu"))
    .flatMap(([jobId, found]) =>
      steps(found)
        .filter((one) => /^npm test\b|test\/e2e\/staging\/suite\.ts/.test(one.run ?? ""))
        .map((one) => [`${file} ${jobId}: ${one.name ?? one.run}`, one] as const),
    ),
);

it("finds the test steps of ci.yml, deploy-internalbf.yml and deploy-staging.yml", () => {
  const files = new Set(browserSteps.map(([where]) => where.split(" ")[0]));
  expect([...files].sort()).toEqual(["ci.yml", "deploy-internalbf.yml", "deploy-staging.yml"]);
});

it.each(browserSteps)("%s sets CHROMIUM_PATH to the runner's Chrome", (_where, found) => {
  expect(found.env?.CHROMIUM_PATH).toBe("/usr/bin/google-chrome");
});
