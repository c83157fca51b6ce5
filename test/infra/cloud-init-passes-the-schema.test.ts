import { describe, expect, it } from "vitest";
import { checkSchema } from "./cloud-init";
import { renderCloudInit } from "./deployed";

describe("cloud-init.yml passes cloud-init's own schema check", () => {
  it.each(["staging", "production"] as const)("is valid as %s renders it", async (environment) => {
    const { text } = await renderCloudInit(environment);
    expect(text.startsWith("#cloud-config\n"), "the first line must be #cloud-config").toBe(true);
    const result = checkSchema(text);
    expect(result.ok, `cloud-init schema rejected it:\n${result.output}`).toBe(true);
  });

  it("rejects a broken config, so a pass means something", () => {
    const result = checkSchema("#cloud-config\nusers: 3\n");
    expect(result.ok).toBe(false);
    expect(result.output).toContain("users");
  });
});
