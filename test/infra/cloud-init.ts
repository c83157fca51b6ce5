// Runs Debian's cloud-init against a rendered cloud-config, the check CI runs for real.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The outcome of `cloud-init schema --config-file`. */
export interface SchemaResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Validate a cloud-config with `cloud-init schema`; throws if cloud-init is not installed. */
export function checkSchema(cloudConfig: string): SchemaResult {
  const dir = mkdtempSync(join(tmpdir(), "cloud-init-"));
  try {
    const file = join(dir, "user-data.yml");
    writeFileSync(file, cloudConfig);
    const result = spawnSync("cloud-init", ["schema", "--config-file", file], {
      encoding: "utf8",
    });
    if (result.error) {
      throw new Error(`cloud-init could not run (apt-get install cloud-init): ${result.error.message}`);
    }
    return {
      ok: result.status === 0,
      output: `${result.stdout}${result.stderr}`.trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Python interpreter cloud-init runs on (its script's shebang), not whatever is on PATH. */
function cloudInitPython(): string {
  const which = spawnSync("sh", ["-c", "command -v cloud-init"], {
    encoding: "utf8",
  });
  if (which.status !== 0) throw new Error("cloud-init not found (apt-get install cloud-init)");
  const shebang = readFileSync(which.stdout.trim(), "utf8").split("\n", 1)[0] ?? "";
  const [interpreter] = shebang.replace(/^#!\s*/, "").split(/\s+/);
  if (interpreter === undefined || interpreter === "") throw new Error(`cloud-init has no shebang: ${shebang}`);
  return interpreter;
}

/** Top-level keys the installed cloud-init's schema knows. */
export function knownTopLevelKeys(): Set<string> {
  const located = spawnSync(
    cloudInitPython(),
    ["-c", "import cloudinit.config.schemas as s, os; print(os.path.dirname(s.__file__))"],
    { encoding: "utf8" },
  );
  if (located.status !== 0) {
    throw new Error(`cannot locate cloud-init's schema (apt-get install cloud-init): ${located.stderr}`);
  }
  const schema: unknown = JSON.parse(readFileSync(join(located.stdout.trim(), "schema-cloud-config-v1.json"), "utf8"));
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties" && typeof value === "object" && value !== null) {
        for (const name of Object.keys(value)) keys.add(name);
      }
    }
  };
  // The top level is allOf [$ref → $defs/<module>], each module listing its own keys.
  const root = schema as {
    $defs?: Record<string, unknown>;
    allOf?: Array<{ $ref?: string }>;
  };
  for (const entry of root.allOf ?? []) {
    const name = entry.$ref?.split("/").pop();
    if (name !== undefined) walk(root.$defs?.[name]);
  }
  return keys;
}
