import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { knownTopLevelKeys } from "./cloud-init";
import { renderCloudInit } from "./deployed";

// `cloud-init schema` lets an unknown top-level key through (a typo is then silently ignored
// on the server), so the keys are checked here: the list we mean, each known to cloud-init.
const EXPECTED = [
  "package_update",
  "package_upgrade",
  "package_reboot_if_required",
  "packages",
  "disable_root",
  "ssh_pwauth",
  "users",
  "write_files",
  "runcmd",
  "final_message",
];

describe("cloud-init.yml uses only top-level keys cloud-init knows", () => {
  it("has exactly the keys it means to have, each in cloud-init's schema", async () => {
    const config: unknown = parse((await renderCloudInit("staging")).text);
    expect(config).toBeTypeOf("object");
    const keys = Object.keys(config as object);
    expect(keys).toEqual(EXPECTED);
    const known = knownTopLevelKeys();
    expect(known.size).toBeGreaterThan(50);
    expect(keys.filter((key) => !known.has(key))).toEqual([]);
  });
});
