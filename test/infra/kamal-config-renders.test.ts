import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderKamalConfig } from "./deployed";
import { placeholders } from "./render";
import { EXAMPLE_SERVER_IPV4, nameIn, readEnvironmentFile, readNames } from "./terraform";

/** Narrow a YAML node to a mapping, failing with the path that was not one. */
function mapping(value: unknown, path: string): Record<string, unknown> {
  expect(value, `${path} is not a mapping`).toBeTypeOf("object");
  expect(Array.isArray(value), `${path} is a list, not a mapping`).toBe(false);
  return value as Record<string, unknown>;
}

describe("deploy.yml.tpl renders to a Kamal 2 config", () => {
  it("uses exactly the variables Terraform passes it", async () => {
    const { vars } = await renderKamalConfig("staging");
    expect(placeholders(readEnvironmentFile("staging", "deploy.yml.tpl")).sort()).toEqual(Object.keys(vars).sort());
  });

  it("renders, from the staging example values, valid YAML with the keys Kamal 2 needs", async () => {
    const names = await readNames();
    const domain = nameIn(names, "domains", "staging");
    const { text } = await renderKamalConfig("staging");
    const config = mapping(parse(text), "config");

    expect(config.service).toBe(nameIn(names, "kamal_service"));
    expect(config.image).toBe(nameIn(names, "kamal_image"));

    const servers = mapping(config.servers, "servers");
    expect(mapping(servers.web, "servers.web").hosts).toEqual([EXAMPLE_SERVER_IPV4]);

    const builder = mapping(config.builder, "builder");
    expect(builder.arch).toBe("amd64");

    const registry = mapping(config.registry, "registry");
    expect(registry).toEqual({
      server: "ghcr.io",
      username: nameIn(names, "kamal_registry_username"),
      password: ["KAMAL_REGISTRY_PASSWORD"],
    });

    const proxy = mapping(config.proxy, "proxy");
    expect(proxy.host).toBe(domain);
    expect(proxy.ssl).toBe(true);
    expect(proxy.app_port).toBe(8000);
    expect(mapping(proxy.healthcheck, "proxy.healthcheck")).toEqual({
      path: "/up",
      interval: 3,
      timeout: 5,
    });

    const env = mapping(config.env, "env");
    expect(mapping(env.clear, "env.clear")).toEqual({
      DEPLOY_ENVIRONMENT: "staging",
      PUBLIC_HOST: domain,
    });
    // Names only: the values are read from .kamal/secrets where kamal runs.
    expect(env.secret).toEqual(["DATABASE_URL"]);

    expect(mapping(config.ssh, "ssh").user).toBe("deploy");
  });

  it("renders for production with production's host, the rest as staging's", async () => {
    const staging = mapping(parse((await renderKamalConfig("staging")).text), "staging");
    const production = mapping(parse((await renderKamalConfig("production")).text), "production");
    expect(mapping(production.proxy, "proxy").host).toBe(nameIn(await readNames(), "domains", "production"));
    expect({ ...production, proxy: undefined, env: undefined }).toEqual({
      ...staging,
      proxy: undefined,
      env: undefined,
    });
  });

  it("renders an empty secret list as a YAML list", async () => {
    const { text } = await renderKamalConfig("staging");
    const emptied = text.replace('secret: ["DATABASE_URL"]', `secret: ${JSON.stringify([])}`);
    expect(mapping(parse(emptied), "config").env).toMatchObject({ secret: [] });
  });
});
