import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("fails the page when it renders no text (a blank page from a broken bundle)", async () => {
  const commit = sha("blank");
  site = await startStagingSite(commit, { pageBody: '<div id="root"></div>' });

  const result = await runStagingSuite(suiteOptions(site, commit));

  expect(result.ok).toBe(false);
  const page = result.checks.find((check) => check.name === CHECKS.page);
  expect(page?.outcome).toBe("failed");
  expect(page?.message).toContain("shows no text");
});
