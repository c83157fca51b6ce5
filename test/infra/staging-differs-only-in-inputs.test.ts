import { describe, expect, it } from "vitest";
import { type Environment, evaluate, exampleScope, loadConfig, serverModule } from "./terraform";

// The module inputs that are literals in each environment's main.tf (resolved through its
// locals); the rest come from per-run variables and are compared as expressions.
const IDENTITY = ["environment", "domain", "server_name"];

async function moduleInputs(environment: Environment) {
  const config = await loadConfig(environment);
  const call = serverModule(config);
  const scope = await exampleScope(config);
  const identity = Object.fromEntries(IDENTITY.map((name) => [name, evaluate(call[name], scope)]));
  const rest = Object.fromEntries(Object.entries(call).filter(([name]) => !IDENTITY.includes(name)));
  return { identity, rest };
}

describe("staging differs from production only in its inputs", () => {
  it("is boltfoundry.wtf on boltfoundry-staging, labelled environment=staging", async () => {
    const { identity } = await moduleInputs("staging");
    expect(identity).toEqual({
      environment: "staging",
      domain: "boltfoundry.wtf",
      server_name: "boltfoundry-staging",
    });
  });

  it("has production on boltfoundry.com, boltfoundry-production, environment=production", async () => {
    const { identity } = await moduleInputs("production");
    expect(identity).toEqual({
      environment: "production",
      domain: "boltfoundry.com",
      server_name: "boltfoundry-production",
    });
  });

  it("passes every other input the same way as production", async () => {
    const staging = await moduleInputs("staging");
    const production = await moduleInputs("production");
    expect(production.rest).toEqual(staging.rest);
  });

  it("uses the Hetzner token of its own project, given per run and never in a file", async () => {
    for (const environment of ["staging", "production"] as const) {
      const config = await loadConfig(environment);
      expect(config.providers.hcloud).toEqual({
        token: `\${var.hcloud_token}`,
      });
      expect(config.variables.hcloud_token?.sensitive).toBe(true);
      expect(config.variables.hcloud_token).not.toHaveProperty("default");
    }
    const staging = await loadConfig("staging");
    expect(staging.variables.hcloud_token?.description).toContain("HETZNER_API_TOKEN_STAGING");
  });
});
