import { expect, it } from "vitest";
import { lintWorkflow } from "./support/actionlint";
import { expr, readWorkflow, workflowFiles } from "./support/workflows";

it("finds the four pipeline workflows", () => {
  expect(workflowFiles()).toEqual(["ci.yml", "deploy-internalbf.yml", "deploy-production.yml", "deploy-staging.yml"]);
});

it.each(workflowFiles())("%s passes actionlint", async (file) => {
  const { text } = readWorkflow(file);

  const findings = await lintWorkflow(text, `.github/workflows/${file}`);

  expect(findings.map((finding) => `${finding.line}:${finding.column} ${finding.kind}: ${finding.message}`)).toEqual(
    [],
  );
});

it("reports a broken workflow, so a pass above means something", async () => {
  const broken = `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${expr("github.no_such_field")}\n`;

  const findings = await lintWorkflow(broken, "broken.yml");

  expect(findings).toHaveLength(1);
  expect(findings[0]?.kind).toBe("expression");
});
