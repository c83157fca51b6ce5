import { expect, it } from "vitest";
import { readWorkflow, workflowFiles } from "./support/workflows";

// A tag can be moved to other code; a full commit SHA cannot. The comment says which release it is.
const PINNED = /^\s*(?:-\s+)?uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;

const uses = workflowFiles().flatMap((file) =>
  readWorkflow(file)
    .text.split("\n")
    .map((line, index) => [`${file}:${index + 1}`, line] as const)
    .filter(([, line]) => /^\s*(?:-\s+)?uses:/.test(line) && !line.includes("uses: ./")),
);

it("finds third-party actions to check", () => {
  expect(uses.length).toBeGreaterThan(0);
});

it.each(uses)("%s pins its action to a full commit SHA with its version in a comment", (_where, line) => {
  expect(line).toMatch(PINNED);
});

it("pins each action to one commit across all workflows", () => {
  const pins = new Map<string, Set<string>>();
  for (const [, line] of uses) {
    const [action = "", ref = ""] = line.replace(/^.*uses:\s+/, "").split("@");
    pins.set(action, (pins.get(action) ?? new Set()).add(ref));
  }

  expect([...pins].filter(([, refs]) => refs.size > 1)).toEqual([]);
});
