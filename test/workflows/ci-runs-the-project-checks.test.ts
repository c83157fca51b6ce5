import { expect, it } from "vitest";
import { job, readWorkflow, steps } from "./support/workflows";

it("typechecks, lints, tests, lints the workflows and checks the action bundle is fresh", () => {
  const { workflow } = readWorkflow("ci.yml");
  const scripts = steps(job(workflow, "checks")).map((one) => one.run ?? "");

  expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
  expect(scripts).toEqual(
    expect.arrayContaining([
      "npm ci",
      "npm run typecheck",
      "npm run lint",
      "npm test",
      "npx vitest run --project node test/workflows",
      "npm run build",
    ]),
  );
  const freshness = scripts.find((script) => script.includes("git diff --exit-code -- actions/notify-internalbf/dist"));
  expect(freshness).toBeDefined();
  expect(scripts.indexOf("npm run build")).toBeLessThan(scripts.indexOf(freshness ?? ""));
});
