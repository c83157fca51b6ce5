import { describe, expect, it } from "vitest";
import { loadConfig, readEnvironmentFile, serverModule } from "./terraform";

// Production's one-time adoption adds variables of its own (imports.tf) and nothing else.
const ADOPTION_ONLY = /^import_/;

describe("staging and production are the same module with the same inputs", () => {
  it("call ../modules/server and declare no resources of their own", async () => {
    for (const environment of ["staging", "production"] as const) {
      const config = await loadConfig(environment);
      expect(Object.keys(config.modules)).toEqual(["server"]);
      expect(serverModule(config).source).toBe("../modules/server");
      expect(config.resources.map((resource) => resource.address)).toEqual([]);
    }
  });

  it("pass the module the same set of inputs, every one the module declares", async () => {
    const module = await loadConfig("modules/server");
    const staging = serverModule(await loadConfig("staging"));
    const production = serverModule(await loadConfig("production"));
    const inputs = (call: Record<string, unknown>) =>
      Object.keys(call)
        .filter((key) => key !== "source")
        .sort();
    expect(inputs(staging)).toEqual(Object.keys(module.variables).sort());
    expect(inputs(production)).toEqual(inputs(staging));
  });

  it("declare the same variables, outputs and providers", async () => {
    const staging = await loadConfig("staging");
    const production = await loadConfig("production");
    const shared = (names: string[]) => names.filter((name) => !ADOPTION_ONLY.test(name)).sort();
    expect(shared(Object.keys(production.variables))).toEqual(Object.keys(staging.variables).sort());
    for (const [name, body] of Object.entries(staging.variables)) {
      expect({
        name,
        type: production.variables[name]?.type,
        default: production.variables[name]?.default,
      }).toEqual({
        name,
        type: body.type,
        default: body.default,
      });
    }
    expect(Object.keys(production.outputs).sort()).toEqual(Object.keys(staging.outputs).sort());
    expect(production.providers).toEqual(staging.providers);
    expect(production.locals.kamal_vars).toEqual(staging.locals.kamal_vars);
    expect(production.locals.cloud_init_vars).toEqual(staging.locals.cloud_init_vars);
  });

  it("deploy the same cloud-init and Kamal template", () => {
    for (const file of ["cloud-init.yml", "deploy.yml.tpl"]) {
      expect(readEnvironmentFile("production", file), `production/${file} differs from staging's`).toBe(
        readEnvironmentFile("staging", file),
      );
    }
  });
});
