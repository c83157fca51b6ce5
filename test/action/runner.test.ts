// The committed bundle, run as a runner runs it, against a local receiver: what the worker cannot be
// made to do on demand (hang, refuse) is scripted here; worker-intake.test.ts uses the real worker.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "../support/action";
import { SECRET, SHA } from "../support/deps";
import { type Answer, acceptAll, type Receiver, startReceiver } from "../support/receiver";
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "../support/tls";

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
    const { url, received } = await receive((request, index) =>
      index === 0 ? { delayMs: 5000, ...acceptAll(request) } : acceptAll(request),
    );
    const result = await runAction({ inputs: staging(url, { "timeout-seconds": "0.5" }) });
    expect(result.exitCode).toBe(0);
    expect(received.map((request) => request.headers["webhook-id"])).toEqual([
      "gha-987654321-1-staging_deployment_complete",
      "gha-987654321-1-staging_deployment_complete",
    ]);
    expect(result.stdout).toMatch(/::warning::Attempt 1 of 6 failed: .*no answer within 0.5 s/);
  });

  it("fails the step with a readable error annotation", async () => {
    const { url } = await receive(() => ({
      status: 401,
      body: { error: { code: "invalid_signature", message: "no match" } },
    }));
    const result = await runAction({ inputs: staging(url) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^::error::internalbf refused the signature \(invalid_signature\): the secret input does not match/m,
    );
    expect(result.outputs["http-status"]).toBe("401");
  });

  it("names an unreachable url and exits 1", async () => {
    const { url } = await receive();
    await receiver?.close();
    receiver = undefined;
    const result = await runAction({ inputs: staging(url, { retries: "1" }) });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::could not reach internalbf at http:\/\/127.0.0.1:\d+\/deployment\/staging\/complete: the connection was refused/,
    );
  });

  it("delivers over https, verifying internalbf's certificate", async () => {
    receiver = await startReceiver(acceptAll, { tls: { key: TEST_PRIVATE_KEY, cert: TEST_CERTIFICATE } });
    const dir = await mkdtemp(join(tmpdir(), "notify-ca-"));
    try {
      const ca = join(dir, "ca.pem");
      await writeFile(ca, TEST_CERTIFICATE);
      const trusted = await runAction({ inputs: staging(receiver.url), env: { NODE_EXTRA_CA_CERTS: ca } });
      expect(trusted.exitCode, trusted.stdout).toBe(0);
      expect(trusted.outputs.decision).toBe("recorded");
      expect(receiver.received).toHaveLength(1);

      const untrusted = await runAction({ inputs: staging(receiver.url, { retries: "0" }) });
      expect(untrusted.exitCode).toBe(1);
      expect(untrusted.stdout).toMatch(/::error::could not reach internalbf at https:.*SELF_SIGNED_CERT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
