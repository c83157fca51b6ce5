// The committed bundle with oidc-audience, run as a runner runs it: a token service on 127.0.0.1
// stands in for GitHub's (ACTIONS_ID_TOKEN_REQUEST_URL), a local receiver records what reaches internalbf.
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../support/action";
import { SECRET, SHA } from "../support/deps";
import { acceptAll, type Receiver, startReceiver } from "../support/receiver";

const AUDIENCE = "internalbf-oidc-test";
const REQUEST_TOKEN = "runner-request-token-for-the-test";
const JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJhdWQiOiJpbnRlcm5hbGJmLW9pZGMtdGVzdCJ9.dGVzdC1zaWduYXR1cmU";

let servers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function start(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const server = await startReceiver(...args);
  servers.push(server);
  return server;
}

/** GitHub's token service as the runner reaches it: `{ value }` for the right bearer, 401 otherwise. */
const tokenService = () =>
  start((request) =>
    request.headers.authorization === `Bearer ${REQUEST_TOKEN}`
      ? { status: 200, body: { count: 1, value: JWT } }
      : { status: 401, body: { message: "bad request token" } },
  );

const notification = (url: string, extra: Record<string, string> = {}) => ({
  url,
  event: "staging_deployment_complete",
  status: "success",
  "commit-sha": SHA,
  "oidc-audience": AUDIENCE,
  ...extra,
});

describe("dist/index.js with oidc-audience", () => {
  it("requests the job's token and sends it as the bearer, masked and printed nowhere", async () => {
    const tokens = await tokenService();
    const intake = await start(acceptAll);
    const result = await runAction({
      inputs: notification(intake.url),
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${tokens.url}/_apis/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      },
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(tokens.received).toMatchObject([
      { method: "GET", path: `/_apis/token?api-version=2.0&audience=${AUDIENCE}` },
    ]);
    expect(intake.received).toHaveLength(1);
    expect(intake.received[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
    expect(intake.received[0]?.headers).not.toHaveProperty("webhook-signature");
    expect(result.outputs.decision).toBe("recorded");

    // The runner consumes ::add-mask:: commands, and masks the value in every line after them.
    const lines = result.stdout.split("\n");
    const mask = lines.indexOf(`::add-mask::${JWT}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(lines.filter((line) => line.includes(JWT))).toEqual([`::add-mask::${JWT}`]);
    for (const text of [result.stderr, result.summary, JSON.stringify(result.outputs)]) expect(text).not.toContain(JWT);
  });

  it("signs as well when the secret is given too", async () => {
    const tokens = await tokenService();
    const intake = await start(acceptAll);
    const result = await runAction({
      inputs: notification(intake.url, { secret: SECRET }),
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${tokens.url}/_apis/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      },
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const [request] = intake.received;
    expect(request?.headers.authorization).toBe(`Bearer ${JWT}`);
    expect(() => new Webhook(SECRET).verify(request?.body ?? "", request?.headers ?? {})).not.toThrow();
  });

  it("fails a job without id-token: write with an error annotation that says to add it", async () => {
    const intake = await start(acceptAll);
    const result = await runAction({ inputs: notification(intake.url, { "fail-on-error": "false" }) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::oidc-audience is set, but this job may not request an OIDC token \(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\): add `permissions: id-token: write` to this job/m,
    );
    expect(intake.received).toHaveLength(0);
  });
});
