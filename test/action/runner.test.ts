// The committed bundle, run as a runner runs it, against a local receiver: what the worker cannot be
// made to do on demand (hang, refuse) is scripted here; worker-intake.test.ts uses the real worker.
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../support/action";
import { SECRET, SHA } from "../support/deps";
import { acceptAll, type Answer, type Receiver, startReceiver } from "../support/receiver";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function receive(answer?: (request: Parameters<typeof acceptAll>[0], index: number) => Answer) {
  receiver = await startReceiver(answer);
  return receiver;
}

const staging = (url: string, extra: Record<string, string> = {}) => ({
  url,
  secret: SECRET,
  event: "staging_deployment_complete",
  status: "success",
  "commit-sha": SHA,
  ...extra,
});

describe("dist/index.js on a runner", () => {
  it("delivers a signed notification and sets the outputs and the summary", async () => {
    const { url, received } = await receive();
    const result = await runAction({ inputs: staging(url) });
    expect(result.exitCode).toBe(0);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(() => new Webhook(SECRET).verify(request?.body ?? "", request?.headers ?? {})).not.toThrow();
    expect(result.outputs).toEqual({
      "delivery-id": "gha-987654321-1-staging_deployment_complete",
      "deployment-url": `${url}/deployments/${SHA}`,
      "http-status": "202",
      decision: "recorded",
    });
    expect(result.summary).toContain("| Decision | **`recorded`** |");
    expect(result.stdout).toContain(`::add-mask::${SECRET}`);
  });

  it("retries an attempt that timed out as the same delivery", async () => {
    const { url, received } = await receive((request, index) => (index === 0 ? { delayMs: 5000, ...acceptAll(request) } : acceptAll(request)));
    const result = await runAction({ inputs: staging(url, { "timeout-seconds": "0.5" }) });
    expect(result.exitCode).toBe(0);
    expect(received.map((request) => request.headers["webhook-id"])).toEqual([
      "gha-987654321-1-staging_deployment_complete",
      "gha-987654321-1-staging_deployment_complete",
    ]);
    expect(result.stdout).toMatch(/::warning::Attempt 1 of 6 failed: .*no answer within 0.5 s/);
  });

  it("fails the step with a readable error annotation", async () => {
    const { url } = await receive(() => ({ status: 401, body: { error: { code: "invalid_signature", message: "no match" } } }));
    const result = await runAction({ inputs: staging(url) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error::internalbf refused the signature \(invalid_signature\): the secret input does not match/m);
    expect(result.outputs["http-status"]).toBe("401");
  });

  it("names an unreachable url and exits 1", async () => {
    const { url } = await receive();
    await receiver?.close();
    receiver = undefined;
    const result = await runAction({ inputs: staging(url, { retries: "1" }) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/::error::could not reach internalbf at http:\/\/127.0.0.1:\d+\/deployment\/staging\/complete: the connection was refused/);
  });
});
