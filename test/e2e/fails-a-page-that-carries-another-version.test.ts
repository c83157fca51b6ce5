import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("fails the page when its version meta tag names another commit (a stale cached page)", async () => {
  const commit = sha("fresh");
  site = await startStagingSite(commit, { pageVersion: sha("stale") });

  const result = await runStagingSuite(suiteOptions(site, commit));

  expect(result.ok).toBe(false);
  const page = result.checks.find((check) => check.name === CHECKS.page);
  expect(page?.outcome).toBe("failed");
  expect(page?.message).toContain(`carries version "${sha("stale")}", expected ${commit}`);
});

it("fails the page when it carries no version meta tag at all", async () => {
  const commit = sha("fresh");
  site = await startStagingSite(commit, { pageVersion: null });

  const result = await runStagingSuite(suiteOptions(site, commit));

  const page = result.checks.find((check) => check.name === CHECKS.page);
  expect(page?.outcome).toBe("failed");
  expect(page?.message).toContain("carries version null");
});
