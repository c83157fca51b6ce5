import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite } from "./fixtures/staging-site";

// The command exactly as the staging workflow runs it: Node 24 on the TypeScript file.
const SUITE = fileURLToPath(new URL("./staging/suite.ts", import.meta.url));

function runCommand(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SUITE],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("exits 0 and prints every check when the site serves the commit under test", async () => {
  const commit = sha("cli-good");
  site = await startStagingSite(commit);

  const { code, output } = await runCommand({ STAGING_URL: site.url, EXPECTED_SHA: commit });

  expect(output).toContain("ok   staging serves the commit under test");
  expect(output).toContain("All staging checks passed.");
  expect(code).toBe(0);
});

it("exits 1 and prints a GitHub error annotation when a check fails", async () => {
  site = await startStagingSite(sha("cli-old"));

  const { code, output } = await runCommand({
    STAGING_URL: site.url,
    EXPECTED_SHA: sha("cli-new"),
    GITHUB_ACTIONS: "true",
  });

  expect(output).toContain("::error title=staging serves the commit under test::");
  expect(code).toBe(1);
});

it("exits 2 without touching the site when EXPECTED_SHA is not a commit SHA", async () => {
  site = await startStagingSite(sha("cli-any"));

  const { code, output } = await runCommand({ STAGING_URL: site.url, EXPECTED_SHA: "main" });

  expect(output).toContain("EXPECTED_SHA must be a 40-hex commit SHA");
  expect(code).toBe(2);
  expect(site.healthRequests()).toBe(0);
});
