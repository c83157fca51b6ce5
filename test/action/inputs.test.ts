import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../actions/notify-internalbf/src/inputs";
import { run } from "../../actions/notify-internalbf/src/main";
import { actionMetadata } from "../support/action";
import { accepted, fake, inputs, SECRET, SHA } from "../support/deps";

/** Runs the step with the inputs given and no answer scripted: any request fails the test. */
async function refusedBeforeAnyRequest(
  overrides: Record<string, string>,
  env: Record<string, string | undefined> = {},
) {
  const step = fake({ inputs: inputs(overrides), env });
  await run(step.deps);
  expect(step.requests).toHaveLength(0);
  expect(step.failures).toHaveLength(1);
  return step.failures[0] ?? "";
}

describe("invalid inputs fail the step before any request", () => {
  it("names an unknown status word and the allowed ones", async () => {
    const message = await refusedBeforeAnyRequest({ status: "succeeded" });
    expect(message).toBe('status: "succeeded" is not one of success, failure, cancelled, skipped');
  });

  it("asks for a status on a completion event", async () => {
    expect(await refusedBeforeAnyRequest({ status: "" })).toMatch(/status is required for staging_deployment_complete/);
  });

  it("names an unknown event", async () => {
    expect(await refusedBeforeAnyRequest({ event: "staging_complete" })).toMatch(
      /^event: "staging_complete" is not one of staging_deployment_started, /,
    );
  });

  it.each(["abc123", `${SHA}0`, "g".repeat(40), ` ${SHA.slice(1)}`])("refuses the commit SHA %j", async (sha) => {
    expect(await refusedBeforeAnyRequest({ "commit-sha": sha })).toMatch(
      /commit-sha: .* is not a full commit SHA \(40 hex characters\)/,
    );
  });

  it("refuses a workflow SHA that is not one when commit-sha is not given", async () => {
    const message = await refusedBeforeAnyRequest({ "commit-sha": "" }, { GITHUB_SHA: "nope" });
    expect(message).toMatch(/commit-sha is empty and GITHUB_SHA is not a commit SHA/);
  });

  it.each(["http://internalbf.example.com", "ftp://127.0.0.1", "internalbf.example.com"])(
    "refuses the url %s",
    async (url) => {
      expect(await refusedBeforeAnyRequest({ url })).toMatch(/^url: /);
    },
  );

  it("refuses a url with credentials in it", async () => {
    expect(await refusedBeforeAnyRequest({ url: "https://user:pass@internalbf.invalid" })).toMatch(
      /^url: "https:\/\/\*\*\*@internalbf\.invalid" must not carry credentials/,
    );
  });

  it("refuses a secret that is not whsec_ base64, without repeating it", async () => {
    const message = await refusedBeforeAnyRequest({ secret: "hunter2-not-a-secret" });
    expect(message).toMatch(/secret is not a Standard Webhooks secret/);
    expect(message).not.toContain("hunter2");
  });

  it("refuses require-approval on an event internalbf never approves", async () => {
    expect(await refusedBeforeAnyRequest({ "require-approval": "true" })).toMatch(
      /require-approval only applies to production_deployment_started/,
    );
  });

  it.each([
    ["require-approval", "yes"],
    ["fail-on-error", "0"],
    ["timeout-seconds", "-1"],
    ["timeout-seconds", "ten"],
    ["retries", "1.5"],
    ["retries", "100"],
  ])("refuses %s: %j", async (name, value) => {
    expect(await refusedBeforeAnyRequest({ [name]: value })).toMatch(new RegExp(`^${name}: "${value}"`));
  });

  it("fails outside a GitHub Actions job, where there is no run to speak for", async () => {
    expect(await refusedBeforeAnyRequest({}, { GITHUB_RUN_ID: undefined })).toMatch(/GITHUB_RUN_ID is not set/);
  });
});

describe("valid inputs", () => {
  it("lowercases an upper-case commit SHA", async () => {
    const step = fake({ inputs: inputs({ "commit-sha": SHA.toUpperCase() }), steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(JSON.parse(step.requests[0]?.body ?? "{}")).toMatchObject({ commit_sha: SHA });
  });

  it("takes the workflow's SHA when commit-sha is empty", async () => {
    const workflowSha = "f".repeat(40);
    const step = fake({
      inputs: inputs({ "commit-sha": "" }),
      env: { GITHUB_SHA: workflowSha },
      steps: [accepted("recorded")],
    });
    await run(step.deps);
    expect(JSON.parse(step.requests[0]?.body ?? "{}")).toMatchObject({ commit_sha: workflowSha });
  });

  it("allows plain http on loopback", async () => {
    const step = fake({ inputs: inputs({ url: "http://127.0.0.1:8787/" }), steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.requests[0]?.request.url).toBe("http://127.0.0.1:8787/deployment/staging/complete");
  });

  it("allows a status on a started event", async () => {
    const step = fake({
      inputs: inputs({ event: "staging_deployment_started", status: "" }),
      steps: [accepted("recorded")],
    });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(JSON.parse(step.requests[0]?.body ?? "{}")).not.toHaveProperty("status");
  });

  it("signs with every secret of a rotation list", async () => {
    const other = "whsec_b3RoZXItc2lnbmluZy1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";
    const step = fake({ inputs: inputs({ secret: `${SECRET}, ${other}` }), steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.requests[0]?.request.headers.get("webhook-signature")?.split(" ")).toHaveLength(2);
  });

  it("uses action.yml's defaults when an input is given empty", async () => {
    const { inputs: declared } = await actionMetadata();
    for (const [name, value] of Object.entries(DEFAULTS)) expect(declared[name]?.default, name).toBe(value);
  });
});
