import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, REPO_ROOT, TERRAFORM_ROOT } from "./terraform";

// The one conditional check: it needs a terraform binary, which CI need not have. When it is
// missing the test is reported as skipped with the reason in its name, and a line says so.
function findTerraform(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v terraform"], {
    encoding: "utf8",
  });
  const path = which.stdout.trim();
  return which.status === 0 && path !== "" ? path : undefined;
}

const terraform = findTerraform();
if (terraform === undefined) {
  console.warn("terraform not found: fmt check did not run");
}

// fmt never contacts the network; the variables keep the CLI from checking for updates.
const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

describe("terraform fmt finds nothing to change", () => {
  it.skipIf(terraform === undefined)(
    `every .tf file is formatted${terraform === undefined ? " (terraform not found: fmt check did not run)" : ""}`,
    () => {
      const result = spawnSync(terraform ?? "terraform", ["fmt", "-check", "-recursive", "-diff", TERRAFORM_ROOT], {
        encoding: "utf8",
        env,
      });
      expect(result.stdout, `terraform fmt -check failed:\n${result.stdout}${result.stderr}`).toBe("");
      expect(result.status).toBe(0);
    },
  );

  it.skipIf(terraform === undefined)(
    `every terraform.tfvars.example and state.s3.tfbackend is formatted${terraform === undefined ? " (terraform not found: fmt check did not run)" : ""}`,
    () => {
      // fmt -recursive skips these names; it formats them from stdin like any HCL.
      for (const path of filesUnder(TERRAFORM_ROOT, [".tfvars.example", ".tfbackend"])) {
        const source = readFileSync(join(REPO_ROOT, path), "utf8");
        const formatted = execFileSync(terraform ?? "terraform", ["fmt", "-"], {
          input: source,
          encoding: "utf8",
          env,
          stdio: ["pipe", "pipe", "pipe"],
        });
        expect(formatted, `${path} is not formatted as terraform fmt would`).toBe(source);
      }
    },
  );
});
