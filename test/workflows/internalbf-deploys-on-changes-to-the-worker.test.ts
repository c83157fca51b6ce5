import { expect, it } from "vitest";
import { readWorkflow } from "./support/workflows";

it("deploys the worker on pushes to main that touch the worker or its configuration, and by hand", () => {
  const { workflow } = readWorkflow("deploy-internalbf.yml");
  const push = workflow.on.push as { branches: string[]; paths: string[] };

  expect(Object.keys(workflow.on).sort()).toEqual(["push", "workflow_dispatch"]);
  expect(push.branches).toEqual(["main"]);
  expect(push.paths).toEqual(expect.arrayContaining(["worker/**", "wrangler.toml", "package-lock.json"]));
  const site = readWorkflow("deploy-staging.yml").workflow.on.push as { paths: string[] };
  for (const path of site.paths.filter((one) => one.startsWith("apps/"))) expect(push.paths).not.toContain(path);
  expect(workflow.concurrency).toEqual({ group: "deploy-internalbf", "cancel-in-progress": false });
});
