import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Rendered, renderCloudInit, renderKamalConfig } from "./deployed";
import { evaluate, exampleScope, loadConfig } from "./terraform";

interface CloudConfig {
  packages: string[];
  disable_root: boolean;
  ssh_pwauth: boolean;
  users: Array<{
    name: string;
    ssh_authorized_keys: string[];
    lock_passwd: boolean;
    groups?: unknown;
  }>;
  write_files: Array<{ path: string; content: string }>;
  runcmd: string[][];
}

async function staging(): Promise<{ rendered: Rendered; config: CloudConfig }> {
  const rendered = await renderCloudInit("staging");
  return { rendered, config: parse(rendered.text) as CloudConfig };
}

function file(config: CloudConfig, path: string): string {
  const found = config.write_files.find((entry) => entry.path === path);
  if (found === undefined) throw new Error(`cloud-init writes no ${path}`);
  return found.content;
}

describe("cloud-init makes the server ready for Kamal", () => {
  it("gives the deploy user the SSH key Terraform is given, password locked", async () => {
    const { rendered, config } = await staging();
    const scope = await exampleScope(rendered.config);
    const [deploy] = config.users;
    expect(config.users).toHaveLength(1);
    expect(deploy?.name).toBe("deploy");
    expect(deploy?.lock_passwd).toBe(true);
    expect(deploy?.ssh_authorized_keys).toEqual([evaluate(`\${var.ssh_public_key}`, scope)]);
  });

  it("is the user Kamal logs in as", async () => {
    const { config } = await staging();
    const kamal = parse((await renderKamalConfig("staging")).text) as {
      ssh: { user: string };
    };
    expect(config.users.map((user) => user.name)).toContain(kamal.ssh.user);
  });

  it("installs Docker and lets the deploy user run it", async () => {
    const { config } = await staging();
    expect(config.packages).toContain("docker.io");
    expect(config.runcmd).toContainEqual(["usermod", "--append", "--groups", "docker", "deploy"]);
    expect(config.runcmd).toContainEqual(["systemctl", "enable", "--now", "docker"]);
  });

  it("hardens SSH: no root, no passwords, keys only, deploy only", async () => {
    const { config } = await staging();
    expect(config.disable_root).toBe(true);
    expect(config.ssh_pwauth).toBe(false);
    const sshd = file(config, "/etc/ssh/sshd_config.d/10-hardening.conf");
    for (const line of [
      "PermitRootLogin no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "AuthenticationMethods publickey",
      "AllowUsers deploy",
    ]) {
      expect(sshd.split("\n")).toContain(line);
    }
    expect(config.runcmd.at(-1)).toEqual(["systemctl", "restart", "ssh"]);
  });

  it("opens the host firewall on the same TCP ports as Hetzner's firewall, and denies the rest", async () => {
    const { config } = await staging();
    expect(config.packages).toContain("ufw");
    expect(config.runcmd).toContainEqual(["ufw", "default", "deny", "incoming"]);
    expect(config.runcmd).toContainEqual(["ufw", "--force", "enable"]);
    const hostPorts = config.runcmd
      .filter((command) => command[0] === "ufw" && command[1] === "allow")
      .map((command) => command[2]?.replace("/tcp", ""))
      .sort();
    const module = await loadConfig("modules/server");
    const firewall = module.resources.find((resource) => resource.type === "hcloud_firewall");
    const rules = (firewall?.body.rule ?? []) as Array<{
      protocol: string;
      port?: string;
    }>;
    const cloudPorts = rules
      .filter((rule) => rule.protocol === "tcp")
      .map((rule) => rule.port)
      .sort();
    expect(hostPorts).toEqual(["22", "443", "80"]);
    expect(hostPorts).toEqual(cloudPorts);
  });

  it("turns on unattended upgrades", async () => {
    const { config } = await staging();
    expect(config.packages).toContain("unattended-upgrades");
    const periodic = file(config, "/etc/apt/apt.conf.d/20auto-upgrades");
    expect(periodic).toContain('APT::Periodic::Update-Package-Lists "1";');
    expect(periodic).toContain('APT::Periodic::Unattended-Upgrade "1";');
  });

  it("gives Hetzner only the deploy key, so no other key reaches the server", async () => {
    const module = await loadConfig("modules/server");
    const server = module.resources.find((resource) => resource.type === "hcloud_server");
    expect(server?.body.ssh_keys).toEqual([`\${hcloud_ssh_key.deploy.id}`]);
    const key = module.resources.find((resource) => resource.type === "hcloud_ssh_key");
    expect(key?.body.public_key).toBe(`\${var.ssh_public_key}`);
  });
});
