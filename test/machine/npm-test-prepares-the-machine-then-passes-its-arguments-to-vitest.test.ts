import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

it("runs prepare.ts, and only when it succeeds vitest, last, so `npm test -- <args>` reach vitest", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    scripts: Record<string, string>;
  };
  // npm appends the arguments after `--` to the end of the script.
  expect(manifest.scripts.test).toBe("node test/machine/prepare.ts && vitest run");
  expect(manifest.scripts.pretest).toBeUndefined();
});
