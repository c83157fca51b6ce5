import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ROOT } from "./support/workflows";

it("gives .github/workflows and the notify action code owners", () => {
  const rules = readFileSync(`${ROOT}.github/CODEOWNERS`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.trim().split(/\s+/));
  const owners = (path: string) => rules.find(([pattern]) => pattern === path)?.slice(1) ?? [];

  expect(owners("/.github/")).not.toEqual([]);
  expect(owners("/actions/notify-internalbf/")).not.toEqual([]);
  for (const owner of owners("/.github/")) expect(owner).toMatch(/^@[\w-]+(\/[\w-]+)?$/);
});
