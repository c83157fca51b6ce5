import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("fails when the page logs a console error", async () => {
  const commit = sha("noisy");
  site = await startStagingSite(commit, { pageScript: "console.error('checkout widget failed to mount')" });

  const result = await runStagingSuite(suiteOptions(site, commit));

  expect(result.ok).toBe(false);
  const quiet = result.checks.find((check) => check.name === CHECKS.console);
  expect(quiet?.outcome).toBe("failed");
  expect(quiet?.message).toContain("checkout widget failed to mount");
  expect(result.checks.find((check) => check.name === CHECKS.page)?.outcome).toBe("passed");
});

it("fails when a script on the page throws", async () => {
  const commit = sha("throws");
  site = await startStagingSite(commit, { pageScript: "undefinedFunction()" });

  const result = await runStagingSuite(suiteOptions(site, commit));

  const quiet = result.checks.find((check) => check.name === CHECKS.console);
  expect(quiet?.outcome).toBe("failed");
  expect(quiet?.message).toContain("undefinedFunction");
});
