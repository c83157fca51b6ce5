import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("fails first, and runs nothing else, when staging serves another commit", async () => {
  const underTest = sha("new");
  site = await startStagingSite(sha("old"));

  const result = await runStagingSuite(suiteOptions(site, underTest));

  expect(result.ok).toBe(false);
  expect(result.checks[0]).toMatchObject({
    name: CHECKS.version,
    outcome: "failed",
    message: expect.stringContaining(`staging serves ${sha("old")}, expected ${underTest}`),
  });
  expect(result.checks.slice(1).map((check) => check.outcome)).toEqual(["skipped", "skipped", "skipped"]);
});
