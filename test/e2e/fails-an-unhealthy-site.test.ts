import { afterEach, expect, it } from "vitest";
import { type StagingSite, sha, startStagingSite, suiteOptions } from "./fixtures/staging-site";
import { CHECKS, runStagingSuite } from "./staging/suite";

let site: StagingSite | undefined;
afterEach(async () => {
  await site?.close();
});

it("fails the health check when the health path answers 503, even with the right commit", async () => {
  const commit = sha("sick");
  site = await startStagingSite(commit, { healthStatus: 503, healthState: "degraded" });

  const result = await runStagingSuite(suiteOptions(site, commit));

  expect(result.ok).toBe(false);
  expect(result.checks.find((check) => check.name === CHECKS.version)?.outcome).toBe("passed");
  const health = result.checks.find((check) => check.name === CHECKS.health);
  expect(health?.outcome).toBe("failed");
  expect(health?.message).toContain('answered 503 with status "degraded"');
});

it("fails the version check when nothing listens at the base URL", async () => {
  const commit = sha("gone");
  site = await startStagingSite(commit);
  const options = suiteOptions(site, commit);
  await site.close();
  site = undefined;

  const result = await runStagingSuite(options);

  expect(result.checks[0]).toMatchObject({ name: CHECKS.version, outcome: "failed" });
  expect(result.checks[0]?.message).toContain("did not answer");
});
