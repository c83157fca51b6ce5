import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("waits, within VERSION_WAIT_SECONDS, for the site to switch to the commit under test", async () => {
  const commit = sha("rolling");
  // The old container answers the first two health requests, then the new one takes over.
  site = await startStagingSite(commit, { healthCommit: (request) => (request <= 2 ? sha("previous") : commit) });

  const result = await runStagingSuite({ ...suiteOptions(site, commit), versionWaitSeconds: 10 });

  expect(result.checks[0]).toMatchObject({ name: CHECKS.version, outcome: "passed" });
  expect(site.healthRequests()).toBeGreaterThanOrEqual(3);
  expect(result.ok).toBe(true);
});

it("gives up when the wait is over and the site still serves another commit", async () => {
  site = await startStagingSite(sha("previous"));

  const started = Date.now();
  const result = await runStagingSuite({ ...suiteOptions(site, sha("never")), versionWaitSeconds: 2 });

  expect(result.checks[0]).toMatchObject({ name: CHECKS.version, outcome: "failed" });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(site.healthRequests()).toBeGreaterThanOrEqual(2);
});
