import { describe, expect, it } from "vitest";
import { asBlock, loadConfig } from "./terraform";

const PINS = {
  hcloud: { source: "hetznercloud/hcloud", version: "~> 1.52" },
  cloudflare: { source: "cloudflare/cloudflare", version: "~> 5.8" },
};

describe("providers are pinned the same way everywhere", () => {
  it.each(["modules/server", "staging", "production"])("%s pins hcloud and cloudflare", async (dir) => {
    const config = await loadConfig(dir);
    expect(config.terraform).toHaveLength(1);
    const settings = asBlock(config.terraform[0], `${dir} terraform`);
    // 1.11 made the S3 backend's native locking (use_lockfile) generally available.
    expect(settings.required_version).toBe(">= 1.11.0");
    const required = (settings.required_providers as unknown[] | undefined)?.[0];
    expect(required).toEqual(PINS);
  });
});
