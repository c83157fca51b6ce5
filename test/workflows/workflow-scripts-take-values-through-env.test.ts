import { expect, it } from "vitest";
import { EXPRESSION_START, everyStep } from "./support/workflows";

// `${{ }}` inside a script is pasted into the shell before it runs: an input such as
// commit_sha or reason could then run code. Scripts read such values from env instead.
const scripts = everyStep().filter(({ step }) => step.run !== undefined);

it.each(scripts.map(({ file, jobId, step }) => [`${file} ${jobId} "${step.name ?? "?"}"`, step.run ?? ""] as const))(
  "%s has no expression in its script",
  (_where, script) => {
    expect(script).not.toContain(EXPRESSION_START);
  },
);
