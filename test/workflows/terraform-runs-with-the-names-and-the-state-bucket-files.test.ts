// The names and the state bucket live in files Terraform reads only when told to
// (-var-file=../names.tfvars, -backend-config=state.s3.tfbackend): the apply steps must say so, name
// files that exist, and, in production, still deploy a rollback target older than those files.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runStep } from "./support/run-step";
import { job, ROOT, readWorkflow, type Step, step } from "./support/workflows";

const BACKEND = "-backend-config=state.s3.tfbackend";
const NAMES = "-var-file=../names.tfvars";

const applyStep = (environment: "staging" | "production"): Step =>
  step(job(readWorkflow(`deploy-${environment}.yml`).workflow, "deploy"), `Apply the ${environment} infrastructure`);

/** Runs the step in a copy of its working directory holding `files`, with a terraform that only records its arguments. */
async function terraformCalls(one: Step, files: readonly string[]): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), "terraform-calls-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  const calls = join(root, "calls");
  writeFileSync(calls, "");
  writeFileSync(join(bin, "terraform"), `#!/bin/sh\necho "$*" >> "${calls}"\n`);
  chmodSync(join(bin, "terraform"), 0o755);
  const cwd = join(root, one["working-directory"] ?? "");
  mkdirSync(cwd, { recursive: true });
  for (const file of files) writeFileSync(join(cwd, file), "");

  const run = await runStep(one, { PATH: `${bin}:${process.env.PATH ?? ""}` }, cwd);
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(calls, "utf8").trim().split("\n");
}

describe.each(["staging", "production"] as const)("%s's apply step", (environment) => {
  it("names files that exist beside its working directory", () => {
    const where = applyStep(environment)["working-directory"];
    expect(where).toBe(`infra/terraform/${environment}`);
    for (const file of ["state.s3.tfbackend", "../names.tfvars"]) {
      expect(existsSync(join(ROOT, `infra/terraform/${environment}`, file)), file).toBe(true);
    }
  });

  it("initialises with the backend file and applies with the names", async () => {
    const calls = await terraformCalls(applyStep(environment), ["state.s3.tfbackend", "../names.tfvars"]);
    expect(calls).toEqual([`init -input=false ${BACKEND}`, `apply -input=false -auto-approve ${NAMES}`]);
  });
});

it("deploys a production rollback target that predates both files with its own backend block and defaults", async () => {
  const calls = await terraformCalls(applyStep("production"), []);
  expect(calls).toEqual(["init -input=false", "apply -input=false -auto-approve"]);
});
