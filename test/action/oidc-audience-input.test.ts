// oidc-audience: the step requests the job's OIDC token as @actions/core's getIDToken does and sends
// it as `Authorization: Bearer`; the secret becomes optional, and both are sent where both are given.
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { accepted, fake, inputs, json, networkError, refused, SECRET } from "../support/deps";
import { ID_TOKEN, REQUEST_TOKEN, TOKEN_ENV, TOKEN_URL, token, withTokenService } from "./support/token-service";

const AUDIENCE = "https://internalbf.example.com/oidc";

function oidcStep(
  overrides: Record<string, string>,
  steps = [accepted("recorded")],
  env: Record<string, string> = TOKEN_ENV,
) {
  return fake({ inputs: inputs({ "oidc-audience": AUDIENCE, ...overrides }), env, steps });
}

describe("oidc-audience", () => {
  it("asks for the token as getIDToken does: the audience appended, the runner's request token as the bearer", async () => {
    const step = oidcStep({});
    const service = withTokenService(step, [token()]);
    await run(service.deps);
    expect(step.failures).toEqual([]);
    expect(service.requests).toEqual([
      {
        url: `${TOKEN_URL}&audience=${encodeURIComponent(AUDIENCE)}`,
        headers: expect.objectContaining({ authorization: `Bearer ${REQUEST_TOKEN}`, accept: "application/json" }),
      },
    ]);
  });

  it("sends the token as Authorization: Bearer beside the signature when a secret is given too", async () => {
    const step = oidcStep({});
    await run(withTokenService(step, [token()]).deps);
    const [sent] = step.requests;
    expect(sent?.request.headers.get("authorization")).toBe(`Bearer ${ID_TOKEN}`);
    const headers = Object.fromEntries(sent?.request.headers ?? []);
    expect(() => new Webhook(SECRET).verify(sent?.body ?? "", headers)).not.toThrow();
  });

  it("sends the token alone, with the delivery id and no signature, when no secret is given", async () => {
    const step = oidcStep({ secret: "" });
    await run(withTokenService(step, [token()]).deps);
    expect(step.failures).toEqual([]);
    const headers = step.requests[0]?.request.headers;
    expect(headers?.get("authorization")).toBe(`Bearer ${ID_TOKEN}`);
    expect(headers?.get("webhook-id")).toBe("gha-987654321-1-staging_deployment_complete");
    expect(headers?.has("webhook-signature")).toBe(false);
    expect(step.outputs.decision).toBe("recorded");
  });

  it("sends no token when oidc-audience is not given", async () => {
    const step = fake({ env: TOKEN_ENV, steps: [accepted("recorded")] });
    const service = withTokenService(step, []);
    await run(service.deps);
    expect(service.requests).toEqual([]);
    expect(step.requests[0]?.request.headers.has("authorization")).toBe(false);
  });

  it("masks the token and the request token before the notification goes out, and prints neither", async () => {
    const step = oidcStep({ secret: "" });
    const service = withTokenService(step, [token()]);
    await run(service.deps);
    expect(service.events).toEqual([`mask ${REQUEST_TOKEN}`, "GET", `mask ${ID_TOKEN}`, "POST"]);
    expect(step.everything()).not.toContain(ID_TOKEN);
    expect(step.everything()).not.toContain(REQUEST_TOKEN);
    expect(step.requests[0]?.body).not.toContain(ID_TOKEN);
  });

  it("reuses the token for a quick retry and asks again once it is a minute old", async () => {
    let clock = Date.parse("2026-12-01T08:00:00Z");
    const step = oidcStep({}, [refused(503, "busy", "later"), refused(503, "busy", "later"), accepted("recorded")]);
    const service = withTokenService(step, [token("first.token.x"), token("second.token.y")]);
    await run({
      ...service.deps,
      now: () => new Date(clock),
      // The first wait is short, the second long: a token that old may be near its end (about 5 minutes).
      sleep: async (ms) => {
        clock += ms < 1000 ? ms : 61_000;
      },
    });
    expect(step.failures).toEqual([]);
    expect(service.requests).toHaveLength(2);
    expect(step.requests.map(({ request }) => request.headers.get("authorization"))).toEqual([
      "Bearer first.token.x",
      "Bearer first.token.x",
      "Bearer second.token.y",
    ]);
  });

  it("retries the token request after a network error or a 5xx, as a delivery does", async () => {
    const step = oidcStep({});
    const service = withTokenService(step, [networkError("ECONNRESET"), json(503, {}), token()]);
    await run(service.deps);
    expect(step.failures).toEqual([]);
    expect(service.requests).toHaveLength(3);
    expect(step.warnings[0]).toMatch(/^OIDC token request 1 of 6 failed: could not reach GitHub's OIDC token service/);
    expect(step.requests).toHaveLength(1);
  });

  it("fails naming the permission when the token service refuses the request, and sends nothing", async () => {
    const step = oidcStep({});
    await run(withTokenService(step, [json(403, { message: "forbidden" })]).deps);
    expect(step.requests).toHaveLength(0);
    expect(step.failures).toEqual([
      expect.stringMatching(
        /^could not get an OIDC token: GitHub's OIDC token service .* refused the token request for audience https:\/\/internalbf.example.com\/oidc with 403: add `permissions: id-token: write` to this job/,
      ),
    ]);
    expect(step.outputs["http-status"]).toBe("");
  });

  it("lets fail-on-error: false pass a token service that cannot be reached, with a warning", async () => {
    const step = oidcStep({ retries: "0", "fail-on-error": "false" });
    await run(withTokenService(step, [networkError("ECONNREFUSED")]).deps);
    expect(step.failures).toEqual([]);
    expect(step.warnings.join("\n")).toMatch(/could not get an OIDC token: could not reach .*fail-on-error is false/);
  });
});

describe("without id-token: write", () => {
  it.each([
    ["no token URL", { ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN }, "ACTIONS_ID_TOKEN_REQUEST_URL is"],
    ["no request token", { ACTIONS_ID_TOKEN_REQUEST_URL: TOKEN_URL }, "ACTIONS_ID_TOKEN_REQUEST_TOKEN is"],
    ["neither", {}, "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are"],
  ])("fails before any request, whatever fail-on-error says, and says to add it (%s)", async (_name, env, named) => {
    const step = oidcStep({ "fail-on-error": "false" }, [], env);
    const service = withTokenService(step, []);
    await run(service.deps);
    expect(service.requests).toEqual([]);
    expect(step.requests).toEqual([]);
    expect(step.failures).toEqual([
      expect.stringMatching(
        new RegExp(
          `^oidc-audience is set, but this job may not request an OIDC token \\(${named} not set\\): add \`permissions: id-token: write\` to this job`,
        ),
      ),
    ]);
  });
});

describe("the secret and the audience", () => {
  it("one of them is required", async () => {
    const step = fake({ inputs: inputs({ secret: "" }), env: TOKEN_ENV });
    await run(step.deps);
    expect(step.requests).toEqual([]);
    expect(step.failures).toEqual([expect.stringMatching(/^secret or oidc-audience is required: /)]);
  });

  it.each(["two words", "x".repeat(257), "tab\there"])("refuses the audience %j", async (audience) => {
    const step = fake({ inputs: inputs({ "oidc-audience": audience }), env: TOKEN_ENV });
    await run(withTokenService(step, []).deps);
    expect(step.failures).toEqual([expect.stringMatching(/^oidc-audience: .* is not an audience internalbf takes/)]);
  });
});

describe("internalbf's refusals of the token", () => {
  it.each([
    [
      "missing_token",
      /refused the notification \(missing_token\): internalbf asks for the job's OIDC token: set oidc-audience/,
    ],
    ["wrong_token_audience", /\(wrong_token_audience\): the oidc-audience input is not internalbf's OIDC_AUDIENCE/],
    ["missing_credentials", /\(missing_credentials\): .*give secret, oidc-audience or both/],
    ["wrong_token_workflow", /^internalbf refused the OIDC token \(wrong_token_workflow\): not the deploy workflow$/],
  ])("%s says what to fix", async (code, expected) => {
    const step = oidcStep({ retries: "0" }, [refused(401, code, "not the deploy workflow")]);
    await run(withTokenService(step, [token()]).deps);
    expect(step.failures).toEqual([expect.stringMatching(expected)]);
  });
});
