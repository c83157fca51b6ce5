import { describe, expect, it } from "vitest";
import { filesUnder, parseHcl, TERRAFORM_ROOT } from "./terraform";

const terraformFiles = filesUnder(TERRAFORM_ROOT, [".tf"]);
const exampleFiles = filesUnder(TERRAFORM_ROOT, [".tfvars.example"]);
// The names both environments read, and each environment's backend settings.
const settingFiles = filesUnder(TERRAFORM_ROOT, [".tfvars", ".tfbackend"]);

describe("every Terraform file parses as HCL", () => {
  it("finds the module and both environments", () => {
    for (const dir of ["modules/server", "staging", "production"]) {
      for (const name of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) {
        expect(terraformFiles).toContain(`infra/terraform/${dir}/${name}`);
      }
    }
    expect(exampleFiles).toEqual([
      "infra/terraform/production/terraform.tfvars.example",
      "infra/terraform/staging/terraform.tfvars.example",
    ]);
    expect(settingFiles).toEqual([
      "infra/terraform/names.tfvars",
      "infra/terraform/production/state.s3.tfbackend",
      "infra/terraform/staging/state.s3.tfbackend",
    ]);
  });

  it.each([...terraformFiles, ...exampleFiles, ...settingFiles])("%s parses", async (path) => {
    await expect(parseHcl(path)).resolves.toBeTypeOf("object");
  });
});
