import { describe, expect, it } from "vitest";
import { type Environment, evaluate, exampleScope, loadConfig, nameIn, readNames, serverModule } from "./terraform";

// The module inputs each environment's main.tf resolves through its locals (its environment, and
// its names picked from names.tfvars by it); the rest come from per-run variables and are compared
// as expressions.
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
  it.each(["staging", "production"] as const)(
    "labels %s with its environment, and puts it on its domain and server from names.tfvars",
    async (environment) => {
      const names = await readNames();
      const { identity } = await moduleInputs(environment);
      expect(identity).toEqual({
        environment,
        domain: nameIn(names, "domains", environment),
        server_name: nameIn(names, "server_names", environment),
      });
    },
  );

  it("never gives staging and production the same domain or server", async () => {
    const staging = (await moduleInputs("staging")).identity;
    const production = (await moduleInputs("production")).identity;
    expect(staging.domain).not.toBe(production.domain);
    expect(staging.server_name).not.toBe(production.server_name);
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
