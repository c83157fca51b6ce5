import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { fake, inputs, json, networkError, refused, type Step } from "../support/deps";

async function failureFor(steps: readonly Step[], overrides: Record<string, string> = {}) {
  const step = fake({ inputs: inputs({ retries: "0", ...overrides }), steps });
  await run(step.deps);
  expect(step.failures).toHaveLength(1);
  return step.failures[0] ?? "";
}

describe("a failure says what to do", () => {
  it("401: the secret does not match", async () => {
    const message = await failureFor([refused(401, "invalid_signature", "no signature matches")]);
    expect(message).toMatch(
      /refused the signature \(invalid_signature\): the secret input does not match internalbf's signing secret/,
    );
  });

  it("401 timestamp: the clocks differ", async () => {
    const message = await failureFor([refused(401, "timestamp_out_of_tolerance", "too old")]);
    expect(message).toMatch(/clock/);
  });

  it("400: lists the worker's field errors", async () => {
    const message = await failureFor([
      refused(400, "invalid_notification", "the notification is invalid", [
        { field: "commit_sha", message: "must be a full commit SHA" },
        { field: "run_id", message: "must be a non-negative integer" },
      ]),
    ]);
    expect(message).toBe(
      "internalbf refused the notification as invalid (invalid_notification: the notification is invalid)\n" +
        "  - commit_sha: must be a full commit SHA\n" +
        "  - run_id: must be a non-negative integer",
    );
  });

  it("403: names the repository internalbf does not serve", async () => {
    const message = await failureFor([refused(403, "wrong_repository", "this worker serves bolt-foundry/other")]);
    expect(message).toMatch(/internalbf serves another repository, not bolt-foundry\/monorepo/);
  });

  it("404: the url is not internalbf's base URL", async () => {
    const message = await failureFor([refused(404, "not_found", "no route")], {
      url: "https://internalbf.example.com/api",
    });
    expect(message).toMatch(
      /no internalbf intake at https:\/\/internalbf.example.com\/api\/deployment\/staging\/complete/,
    );
  });

  it("503 intake_not_configured: the worker's own message names the setting it lacks", async () => {
    const message = await failureFor([
      refused(503, "intake_not_configured", "OIDC_AUDIENCE is not set: see GET /health"),
    ]);
    expect(message).toBe(
      "internalbf is not ready to take notifications (intake_not_configured: OIDC_AUDIENCE is not set: see GET /health): its own settings need fixing, not this step's (its GET /health names what is missing: WEBHOOK_AUTH_TOKEN, or OIDC_AUDIENCE in a mode that takes tokens)",
    );
  });

  it("403 wrong_token_*: the run's token is not one internalbf takes, and says why", async () => {
    const message = await failureFor([
      refused(403, "wrong_token_workflow", "staging results come only from deploy-staging.yml on main"),
    ]);
    expect(message).toBe(
      'internalbf refused this run\'s OIDC token (wrong_token_workflow: staging results come only from deploy-staging.yml on main): it takes notifications from another workflow, branch, run or commit (README, "Security")',
    );
  });

  it("names an unreachable URL", async () => {
    expect(await failureFor([networkError("ECONNREFUSED")])).toBe(
      "could not reach internalbf at https://internalbf.example.com/deployment/staging/complete: the connection was refused (ECONNREFUSED): nothing listens there",
    );
    expect(await failureFor([networkError("ENOTFOUND")])).toMatch(/the host name does not resolve/);
  });

  it("a 202 that is not internalbf's answer: the url points elsewhere", async () => {
    expect(await failureFor([json(202, { hello: "world" })])).toMatch(/not with internalbf's answer/);
  });

  it("a redirect names where it points", async () => {
    const redirect = new Response(null, {
      status: 308,
      headers: { location: "https://new.example.com/deployment/staging/complete" },
    });
    expect(await failureFor([redirect])).toMatch(/redirect to https:\/\/new.example.com/);
  });
});
