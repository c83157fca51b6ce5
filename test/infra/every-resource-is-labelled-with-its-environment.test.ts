import { describe, expect, it } from "vitest";
import { loadConfig } from "./terraform";

// hcloud_network_subnet has no labels in Hetzner's API; it belongs to the labelled network.
const UNLABELLABLE = new Set(["hcloud_network_subnet"]);

describe("every resource carries its environment", () => {
  it("labels every Hetzner resource environment=<environment>", async () => {
    const module = await loadConfig("modules/server");
    expect(module.locals.labels).toMatchObject({
      environment: `\${var.environment}`,
      // The service's name is an input (names.tfvars), never a literal in the module.
      service: `\${var.service_label}`,
    });
    const hetzner = module.resources.filter((resource) => resource.type.startsWith("hcloud_"));
    expect(hetzner.map((resource) => resource.type).sort()).toEqual([
      "hcloud_firewall",
      "hcloud_network",
      "hcloud_network_subnet",
      "hcloud_server",
      "hcloud_ssh_key",
    ]);
    for (const resource of hetzner.filter((candidate) => !UNLABELLABLE.has(candidate.type))) {
      expect(resource.body.labels, `${resource.address} has no environment label`).toBe(`\${local.labels}`);
    }
  });

  it("marks every DNS record with its environment in the record's comment", async () => {
    const module = await loadConfig("modules/server");
    const records = module.resources.filter((resource) => resource.type === "cloudflare_dns_record");
    expect(records.map((record) => record.address).sort()).toEqual([
      "cloudflare_dns_record.apex_ipv4",
      "cloudflare_dns_record.apex_ipv6",
    ]);
    for (const record of records) {
      expect(record.body.comment).toContain(`environment=\${var.environment}`);
      expect(record.body.name).toBe(`\${var.domain}`);
    }
  });

  it("declares nothing but Hetzner resources and DNS records", async () => {
    const module = await loadConfig("modules/server");
    for (const resource of module.resources) {
      expect(resource.type).toMatch(/^(hcloud_|cloudflare_dns_record$)/);
    }
  });
});
