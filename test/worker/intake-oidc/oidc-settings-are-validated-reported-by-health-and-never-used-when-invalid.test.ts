import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { type Config, parseConfig } from "../../../worker/config";
import { health } from "../../../worker/operator/health";
import { REPOSITORY } from "../support/bindings";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import { AUDIENCE, baseIssuer, issuer, oidcEnv, refusalOf, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

const parsed = (mode: string, settings: Record<string, string | undefined> = {}): Config =>
  parseConfig(oidcEnv(mode as "oidc", settings) as unknown as Record<string, unknown>);
const problem = (config: Config, name: string) => config.problems.find((entry) => entry.name === name);
const success = notification({ commit_sha: sha(95), run_id: 15_001, run_attempt: 1 });

async function healthOf(bindings: Env) {
  const response = await health(bindings);
  const body = (await response.json()) as {
    notification_auth: string | null;
    checks: { name: string; ok: boolean; message: string }[];
    warnings: { name: string; message: string }[];
  };
  return { ...body, http: response.status };
}

it.each(["hmca", "OIDC", "hmac,oidc"])(
  "refuses a NOTIFICATION_AUTH of %s: every notification is 503, nothing is recorded",
  async (value) => {
    expect(parsed(value).notificationAuth).toMatchObject({
      mode: null,
      closed: expect.stringMatching(/NOTIFICATION_AUTH/),
    });
    const bindings = oidcEnv(value as "oidc");
    await expectNoChange(async () => {
      // Signed and with its token: neither is looked at while the mode is unknown.
      const response = await send(success, bindings, { signed: true, token: await tokenFor(success) });
      expect(await refusalOf(response)).toMatchObject({ status: 503, code: "intake_not_configured" });
    });
    const report = await healthOf(bindings);
    expect(report).toMatchObject({ http: 503, notification_auth: null });
    expect(report.checks).toContainEqual(expect.objectContaining({ name: "NOTIFICATION_AUTH", ok: false }));
  },
);

it.each(["oidc", "either", "both"])(
  "closes the intake in %s mode while OIDC_AUDIENCE is not set, and says so",
  async (mode) => {
    const bindings = oidcEnv(mode as "oidc", { OIDC_AUDIENCE: undefined });
    const refusal = await refusalOf(await send(success, bindings, { signed: true, token: await tokenFor(success) }));
    expect(refusal).toMatchObject({ status: 503, code: "intake_not_configured" });
    expect(refusal.message).toContain("OIDC_AUDIENCE");
    const report = await healthOf(bindings);
    expect(report.http).toBe(503);
    expect(report.checks).toContainEqual(expect.objectContaining({ name: "OIDC_AUDIENCE", ok: false }));
    expect(await issuer.fetches()).toEqual({ discovery: 0, jwks: 0 });
  },
);

it.each<[string, string, string]>([
  ["OIDC_ISSUER", "plain http off loopback", "http://issuer.invalid"],
  ["OIDC_ISSUER", "not a URL", "token.actions.githubusercontent.com"],
  ["OIDC_ISSUER", "a URL with credentials", "https://user:secret@issuer.invalid"],
  ["OIDC_ISSUER", "a URL with a query", "https://issuer.invalid/?x=1"],
  ["OIDC_AUDIENCE", "with a space", "internal bf"],
  ["OIDC_AUDIENCE", "GitHub's default audience (any service's token carries it)", "https://github.com/bolt-foundry"],
  ["OIDC_AUDIENCE", "AWS's audience", "sts.amazonaws.com"],
  ["OIDC_AUDIENCE", "longer than 256 characters", `https://internalbf.test/${"x".repeat(250)}`],
  ["GITHUB_REPOSITORY_ID", "not digits", "bolt-foundry/monorepo"],
  ["GITHUB_REPOSITORY_ID", "zero", "0"],
])("refuses an %s that is %s: an error in oidc mode, and never used", async (name, _what, value) => {
  const config = parsed("oidc", { [name]: value });
  expect(config.notificationAuth).toMatchObject({ mode: "oidc", oidc: null, closed: expect.stringContaining(name) });
  expect(problem(config, name)).toMatchObject({ level: "error" });
  expect(JSON.stringify(config.problems)).not.toContain("secret@");
  const response = await send(success, oidcEnv("oidc", { [name]: value }), { token: await tokenFor(success) });
  // Not oidc_keys_unavailable: nothing was fetched from a setting that failed validation.
  expect(await refusalOf(response)).toMatchObject({ status: 503, code: "intake_not_configured" });
});

it("only warns of a malformed OIDC setting in hmac mode, where it is not used, and takes signed notifications", async () => {
  const bindings = oidcEnv("hmac", { OIDC_ISSUER: "http://issuer.invalid" });
  expect(problem(parseConfig(bindings as unknown as Record<string, unknown>), "OIDC_ISSUER")).toMatchObject({
    level: "warning",
  });
  expect((await send(success, bindings, { signed: true })).status).toBe(202);
  const report = await healthOf(bindings);
  expect(report.warnings).toContainEqual(expect.objectContaining({ name: "OIDC_ISSUER" }));
  expect(report.checks.filter((check) => check.name.startsWith("OIDC_"))).toEqual([]);
});

it("asks nothing of OIDC in hmac mode, the default: no audience, no problem, and /health says hmac", async () => {
  const config = parseConfig({ ...env, NOTIFICATION_AUTH: undefined });
  expect(config.notificationAuth).toMatchObject({ mode: "hmac", closed: null });
  expect(config.problems.filter((entry) => /^(OIDC_|NOTIFICATION_AUTH|GITHUB_REPOSITORY_ID)/.test(entry.name))).toEqual(
    [],
  );
  expect((await healthOf(env)).notification_auth).toBe("hmac");
});

it("asks for no WEBHOOK_AUTH_TOKEN in oidc mode, and only warns of a malformed one", async () => {
  const unset = parsed("oidc", { WEBHOOK_AUTH_TOKEN: undefined });
  expect(problem(unset, "WEBHOOK_AUTH_TOKEN")).toBeUndefined();
  expect(unset.notificationAuth.closed).toBeNull();
  expect(problem(parsed("oidc", { WEBHOOK_AUTH_TOKEN: "not-a-secret" }), "WEBHOOK_AUTH_TOKEN")).toMatchObject({
    level: "warning",
  });
  expect((await healthOf(oidcEnv("oidc", { WEBHOOK_AUTH_TOKEN: undefined }))).notification_auth).toBe("oidc");
});

it.each(["either", "both"])(
  "closes the intake in %s mode without a valid WEBHOOK_AUTH_TOKEN, naming it",
  async (mode) => {
    const bindings = oidcEnv(mode as "either", { WEBHOOK_AUTH_TOKEN: undefined });
    const refusal = await refusalOf(await send(success, bindings, { token: await tokenFor(success) }));
    expect(refusal).toMatchObject({ status: 503, code: "intake_not_configured" });
    expect(refusal.message).toContain("WEBHOOK_AUTH_TOKEN");
  },
);

it("takes GitHub's issuer by default, and an issuer's URL without its trailing slash", () => {
  expect(parsed("oidc", { OIDC_ISSUER: undefined }).notificationAuth.oidc?.issuer).toBe(
    "https://token.actions.githubusercontent.com",
  );
  expect(parsed("oidc", { OIDC_ISSUER: `${baseIssuer()}/` }).notificationAuth.oidc?.issuer).toBe(baseIssuer());
  expect(parsed("oidc").notificationAuth.oidc).toMatchObject({
    audience: AUDIENCE,
    workflowRefs: {
      staging: `${REPOSITORY}/.github/workflows/deploy-staging.yml@refs/heads/main`,
      production: `${REPOSITORY}/.github/workflows/deploy-production.yml@refs/heads/main`,
    },
  });
});

it("reports a PRODUCTION_WORKFLOW given by number where OIDC is used: a token names its workflow by file", () => {
  expect(problem(parsed("oidc", { PRODUCTION_WORKFLOW: "12345" }), "PRODUCTION_WORKFLOW")).toMatchObject({
    level: "error",
    message: expect.stringMatching(/file name/),
  });
  expect(problem(parsed("hmac", { PRODUCTION_WORKFLOW: "12345" }), "PRODUCTION_WORKFLOW")).toBeUndefined();
});
