import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("passes every check, in order, when the site serves the commit under test", async () => {
  const commit = sha("good");
  site = await startStagingSite(commit);

  const result = await runStagingSuite(suiteOptions(site, commit));

  expect(result.checks.map((check) => [check.name, check.outcome])).toEqual([
    [CHECKS.version, "passed"],
    [CHECKS.health, "passed"],
    [CHECKS.page, "passed"],
    [CHECKS.console, "passed"],
  ]);
  expect(result.ok).toBe(true);
});
