import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ACTION_DIR, actionMetadata, BUNDLE, NODE, ROOT } from "../support/action";

const run = promisify(execFile);

describe("the committed bundle", () => {
  it("is at most 600 KB (undici, for the runner's proxy, is most of it)", async () => {
    expect((await stat(BUNDLE)).size).toBeLessThanOrEqual(600 * 1024);
  });

  it("is what build.mjs makes from src/ now", async () => {
    const dir = await mkdtemp(join(tmpdir(), "notify-build-"));
    try {
      const fresh = join(dir, "index.js");
      await run(NODE, [join(ACTION_DIR, "build.mjs"), "--outfile", fresh], { cwd: ROOT });
      const same = (await readFile(fresh, "utf8")) === (await readFile(BUNDLE, "utf8"));
      expect(same, "dist/index.js is stale: run npm run build:action").toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is loaded as CommonJS wherever the action is checked out, whatever the root package.json says", async () => {
    const manifest = JSON.parse(await readFile(join(ACTION_DIR, "package.json"), "utf8")) as { type?: string };
    expect(manifest.type).toBe("commonjs");
    expect(await readFile(BUNDLE, "utf8")).not.toMatch(/\bimport\(|^import /m);
  });

  it("is marked generated", async () => {
    expect(await readFile(join(ROOT, ".gitattributes"), "utf8")).toMatch(
      /^actions\/notify-internalbf\/dist\/\*\* .*linguist-generated=true/m,
    );
  });
});

describe("action.yml", () => {
  it("runs dist/index.js on node24", async () => {
    expect((await actionMetadata()).runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("describes every input, says whether it is required, and gives optional ones a default", async () => {
    for (const [name, input] of Object.entries((await actionMetadata()).inputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(input.description, name).toBeTruthy();
      expect(typeof input.required, name).toBe("boolean");
      if (!input.required) expect(typeof input.default, name).toBe("string");
    }
  });

  it("declares the outputs the step sets", async () => {
    expect(Object.keys((await actionMetadata()).outputs).sort()).toEqual([
      "decision",
      "delivery-id",
      "deployment-url",
      "http-status",
    ]);
  });
});
