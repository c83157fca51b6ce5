// The runner's proxy settings, honoured as every action honours them (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY, upper or lower case), tested for real: internalbf is https://internalbf.test:PORT, a name
// only the test's CONNECT proxy on 127.0.0.1 resolves, so a delivery that arrives went through it.
// The step's process cannot ask DNS for such a name (support/no-dns.cjs), so a request that bypasses
// the proxy fails as an unknown host, and nothing leaves the machine either way.
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAction } from "../support/action";
import { SECRET, SHA } from "../support/deps";
import { type ConnectProxy, startConnectProxy } from "../support/proxy";
import { acceptAll, type Receiver, startReceiver } from "../support/receiver";
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "../support/tls";
import { type StepSetting, trustingTheTestCertificate } from "./support/through-the-proxy";

let setting: StepSetting;
beforeAll(async () => {
  setting = await trustingTheTestCertificate();
});
afterAll(() => setting.remove());

let intake: Receiver;
let proxy: ConnectProxy;
let port: number;
const others: Receiver[] = [];
beforeEach(async () => {
  intake = await startReceiver(acceptAll, { tls: { key: TEST_PRIVATE_KEY, cert: TEST_CERTIFICATE } });
  port = Number(new URL(intake.url).port);
  proxy = await startConnectProxy({ "internalbf.test": "127.0.0.1", "tokens.test": "127.0.0.1" });
});
afterEach(async () => {
  await Promise.all([intake.close(), proxy.close(), ...others.splice(0).map((other) => other.close())]);
});

/** Runs the bundle trusting the test certificate, without DNS, with the proxy variables given. */
function notify(url: string, env: Record<string, string>, inputs: Record<string, string> = {}) {
  return runAction({
    inputs: {
      url,
      secret: SECRET,
      event: "staging_deployment_complete",
      status: "success",
      "commit-sha": SHA,
      retries: "0",
      ...inputs,
    },
    env: { ...setting.env, ...env },
  });
}

describe("the runner's proxy", () => {
  it.each(["HTTPS_PROXY", "https_proxy"])("carries the delivery to a host only it resolves (%s)", async (name) => {
    const result = await notify(`https://internalbf.test:${port}`, { [name]: proxy.url });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(proxy.connects).toEqual([`internalbf.test:${port}`]);
    expect(intake.received).toHaveLength(1);
    const [request] = intake.received;
    expect(request?.headers.host).toBe(`internalbf.test:${port}`);
    expect(() => new Webhook(SECRET).verify(request?.body ?? "", request?.headers ?? {})).not.toThrow();
    expect(result.outputs.decision).toBe("recorded");
  });

  it.each([
    ["NO_PROXY", "example.invalid,internalbf.test"],
    ["no_proxy", ".test"],
  ])("is bypassed for a host %s names: the step goes direct, where the name does not resolve", async (name, value) => {
    const result = await notify(`https://internalbf.test:${port}`, { HTTPS_PROXY: proxy.url, [name]: value });
    expect(result.exitCode).toBe(1);
    expect(proxy.connects).toEqual([]);
    expect(intake.received).toHaveLength(0);
    expect(result.stdout).toMatch(/::error::could not reach internalbf at https:\/\/internalbf.test:\d+\/.*ENOTFOUND/);
  });

  it("is never used for loopback", async () => {
    const result = await notify(`https://127.0.0.1:${port}`, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(proxy.connects).toEqual([]);
    expect(intake.received).toHaveLength(1);
  });

  it("carries the OIDC token request too (HTTP_PROXY for the http token URL)", async () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl";
    const tokens = await startReceiver(() => ({ status: 200, body: { value: jwt } }));
    others.push(tokens);
    const tokenPort = new URL(tokens.url).port;
    const result = await notify(
      `https://internalbf.test:${port}`,
      {
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://tokens.test:${tokenPort}/_apis/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "runner-request-token",
      },
      { secret: "", "oidc-audience": "internalbf" },
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expect(proxy.connects).toEqual([`tokens.test:${tokenPort}`, `internalbf.test:${port}`]);
    expect(tokens.received).toHaveLength(1);
    expect(intake.received[0]?.headers.authorization).toBe(`Bearer ${jwt}`);
  });

  it("is named when it will not open the tunnel, without its credentials", async () => {
    const withCredentials = proxy.url.replace("http://", "http://proxy-user:pr0xy-pa55@");
    const result = await notify(`https://elsewhere.test:${port}`, { HTTPS_PROXY: withCredentials });
    expect(result.exitCode).toBe(1);
    expect(proxy.connects).toEqual([`elsewhere.test:${port}`]);
    expect(result.stdout).toContain(
      `::error::could not reach internalbf at https://elsewhere.test:${port}/deployment/staging/complete: ` +
        `the proxy would not open a tunnel to it (it answered 502) (through the proxy HTTPS_PROXY names, ` +
        `${proxy.url.replace("http://", "http://***@")}, unless NO_PROXY lists the host)`,
    );
    for (const text of [result.stdout, result.stderr, result.summary]) expect(text).not.toContain("pr0xy-pa55");
  });
});
