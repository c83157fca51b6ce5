import { expect, it } from "vitest";
import { expr, job, needs, readWorkflow, type Step, steps } from "./support/workflows";

const { workflow } = readWorkflow("deploy-internalbf.yml");
const WRANGLER = /^cloudflare\/wrangler-action@/;

function wranglerStep(jobId: string): Step {
  const found = steps(job(workflow, jobId)).find((one) => WRANGLER.test(one.uses ?? ""));
  if (found === undefined) throw new Error(`job ${jobId} does not run wrangler-action`);
  return found;
}

function secretNames(deploy: Step): string[] {
  return String(deploy.with?.secrets ?? "")
    .split("\n")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

it("tests, then deploys the staging worker, then the production worker", () => {
  expect(needs(job(workflow, "test"))).toEqual([]);
  expect(needs(job(workflow, "staging"))).toEqual(["test"]);
  expect(needs(job(workflow, "production"))).toEqual(["staging"]);
  expect(steps(job(workflow, "test")).map((one) => one.run)).toEqual(
    expect.arrayContaining(["npm run typecheck", "npm run lint", "npm test"]),
  );
});

it("deploys staging to wrangler's staging environment without a GitHub token, so it can never dispatch", () => {
  const deploy = wranglerStep("staging");

  expect(deploy.with).toMatchObject({ environment: "staging", apiToken: expr("secrets.CLOUDFLARE_API_TOKEN") });
  expect(secretNames(deploy)).toEqual([
    "WEBHOOK_AUTH_TOKEN",
    "NOTIFICATION_ENDPOINTS",
    "ADMIN_TOKEN",
    "ALERT_SIGNING_SECRET",
  ]);
  expect(JSON.stringify(job(workflow, "staging"))).not.toContain("GITHUB_TOKEN");
});

it("gives the staging worker its own INTERNALBF_STAGING_* secrets, none of the production worker's", () => {
  expect(wranglerStep("staging").env).toEqual({
    WEBHOOK_AUTH_TOKEN: expr("secrets.INTERNALBF_STAGING_WEBHOOK_TOKEN"),
    NOTIFICATION_ENDPOINTS: expr("secrets.INTERNALBF_STAGING_NOTIFICATION_ENDPOINTS"),
    ADMIN_TOKEN: expr("secrets.INTERNALBF_STAGING_ADMIN_TOKEN"),
    ALERT_SIGNING_SECRET: expr("secrets.INTERNALBF_STAGING_ALERT_SIGNING_SECRET"),
  });
});

it("deploys production with every worker secret, GITHUB_TOKEN from INTERNALBF_GITHUB_TOKEN", () => {
  const deploy = wranglerStep("production");

  expect(deploy.with?.environment).toBeUndefined();
  expect(secretNames(deploy)).toEqual([
    "GITHUB_TOKEN",
    "WEBHOOK_AUTH_TOKEN",
    "NOTIFICATION_ENDPOINTS",
    "ADMIN_TOKEN",
    "ALERT_SIGNING_SECRET",
  ]);
  expect(deploy.env).toEqual({
    GITHUB_TOKEN: expr("secrets.INTERNALBF_GITHUB_TOKEN"),
    WEBHOOK_AUTH_TOKEN: expr("secrets.INTERNALBF_WEBHOOK_TOKEN"),
    NOTIFICATION_ENDPOINTS: expr("secrets.INTERNALBF_NOTIFICATION_ENDPOINTS"),
    ADMIN_TOKEN: expr("secrets.INTERNALBF_ADMIN_TOKEN"),
    ALERT_SIGNING_SECRET: expr("secrets.INTERNALBF_ALERT_SIGNING_SECRET"),
  });
});

it.each([
  ["staging", expr("vars.INTERNALBF_STAGING_URL")],
  ["production", expr("vars.INTERNALBF_URL")],
])("smoke-tests the %s worker's /health right after deploying it", (jobId, url) => {
  const all = steps(job(workflow, jobId));
  const deployAt = all.findIndex((one) => WRANGLER.test(one.uses ?? ""));
  const smoke = all[deployAt + 1];

  expect(smoke?.env?.WORKER_URL).toBe(url);
  expect(smoke?.run).toMatch(/^curl --fail .*"\$WORKER_URL\/health"$/);
});

it("sends the staging worker a delivery signed with its own secret, which it records and nothing more", () => {
  const all = steps(job(workflow, "staging"));
  const smokeAt = all.findIndex((one) => one.env?.WORKER_URL === expr("vars.INTERNALBF_STAGING_URL"));
  const signed = all[smokeAt + 1];

  expect(signed?.uses).toBe("./actions/notify-internalbf");
  expect(signed?.with).toMatchObject({
    url: expr("vars.INTERNALBF_STAGING_URL"),
    secret: expr("secrets.INTERNALBF_STAGING_WEBHOOK_TOKEN"),
    // skipped: no promotion, no alert; the step fails if the worker refuses the signature.
    event: "staging_deployment_complete",
    status: "skipped",
  });
  expect(signed?.with?.["fail-on-error"]).toBeUndefined();
});
