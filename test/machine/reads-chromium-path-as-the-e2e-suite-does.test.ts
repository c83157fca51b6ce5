import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readMachine } from "./facts";

const dir = mkdtempSync(join(tmpdir(), "machine-facts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, mode);
  return path;
}

describe("the facts read CHROMIUM_PATH as the E2E suite does", () => {
  it("counts an executable file at CHROMIUM_PATH as the browser", () => {
    const chrome = file("chrome", 0o755);
    expect(readMachine({ CHROMIUM_PATH: chrome, PATH: "" })).toMatchObject({
      chromiumPath: chrome,
      browserExecutable: true,
    });
  });

  it("does not count a file it cannot execute, or a directory", () => {
    const notExecutable = file("chrome-data", 0o644);
    expect(readMachine({ CHROMIUM_PATH: notExecutable, PATH: "" }).browserExecutable).toBe(false);
    expect(readMachine({ CHROMIUM_PATH: dir, PATH: "" }).browserExecutable).toBe(false);
  });

  it("treats an empty CHROMIUM_PATH as unset", () => {
    expect(readMachine({ CHROMIUM_PATH: "", PATH: "" }).chromiumPath).toBeUndefined();
  });

  it("finds cloud-init and apt-get on PATH only", () => {
    file("cloud-init", 0o755);
    expect(readMachine({ PATH: dir })).toMatchObject({ cloudInit: true, aptGet: false });
    expect(readMachine({ PATH: "" })).toMatchObject({ cloudInit: false, aptGet: false });
  });
});
