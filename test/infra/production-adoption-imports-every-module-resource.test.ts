import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, TERRAFORM_ROOT } from "./terraform";

describe("production adopts its live resources once, by import blocks", () => {
  it("imports every resource of the module, each once", async () => {
    const module = await loadConfig("modules/server");
    const production = await loadConfig("production");
    const targets = production.imports.map((block) => block.to);
    expect([...targets].sort()).toEqual(
      module.resources.map((resource) => `\${module.server.${resource.address}}`).sort(),
    );
    for (const block of production.imports) {
      expect(block.id, `import of ${String(block.to)} has no id`).toEqual(expect.stringMatching(/\S/));
    }
  });

  it("keeps the import blocks in imports.tf, which says it is a one-time step", () => {
    const imports = readFileSync(join(TERRAFORM_ROOT, "production/imports.tf"), "utf8");
    expect(imports).toMatch(/^# ONE-TIME ADOPTION/);
    expect(imports).toContain("delete this file");
    for (const name of ["main.tf", "variables.tf", "outputs.tf", "versions.tf"]) {
      expect(readFileSync(join(TERRAFORM_ROOT, "production", name), "utf8")).not.toMatch(/^import\s*\{/m);
    }
  });

  it("never imports anything into staging, which is built from nothing", async () => {
    const staging = await loadConfig("staging");
    expect(staging.imports).toEqual([]);
  });
});
