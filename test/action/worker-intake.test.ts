// The committed bundle, run as a runner runs it, against the real worker on workerd (GitHub faked).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeOutside, startFakeOutside } from "../fakes/outside";
import { runAction } from "../support/action";
import { type ConnectProxy, type HoldingProxy, startConnectProxy, startProxy } from "../support/proxy";
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from "../support/tls";
import { type RunningWorker, startWorker } from "../support/worker";
import { trustingTheTestCertificate } from "./support/through-the-proxy";

const SECRET = "whsec_aW50ZWdyYXRpb24tc2lnbmluZy1zZWNyZXQtMzJieXRlcw==";
const WRONG_SECRET = "whsec_d3Jvbmctc2lnbmluZy1zZWNyZXQtMzItYnl0ZXMtbG9uZw==";
const ADMIN_TOKEN = "integration-admin-token";
const SHA = "c0ffee0000000000000000000000000000000001";

let github: FakeOutside;
let worker: RunningWorker;
let proxy: HoldingProxy | undefined;
let forward: ConnectProxy | undefined;

beforeEach(async () => {
  github = await startFakeOutside();
  worker = await startWorker({
    WEBHOOK_AUTH_TOKEN: SECRET,
    GITHUB_TOKEN: "ghp_integration",
    ADMIN_TOKEN,
    GITHUB_API_URL: github.url,
  });
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await forward?.close();
  forward = undefined;
  await worker.stop();
  await github.close();
});

const dispatches = () => github.state().requests.filter((request) => request.route === "dispatch");

function notify(inputs: Record<string, string>, run: Record<string, string> = {}, url = worker.url) {
  return runAction({ inputs: { url, secret: SECRET, "commit-sha": SHA, ...inputs }, github: run });
}

const stagingSuccess = (extra: Record<string, string> = {}, url?: string) =>
  notify({ event: "staging_deployment_complete", status: "success", ...extra }, {}, url);

/** The commit's production record once internalbf's outbox has settled the dispatch. */
async function dispatchedRun(sha: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${worker.url}/deployments/${sha}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const record = (await response.json()) as { production?: { status: string; run_id: number | null } | null };
    const production = record.production;
    if (production?.status === "dispatched" && production.run_id !== null) return production.run_id;
    if (Date.now() > deadline) throw new Error(`no dispatched run for ${sha}: ${JSON.stringify(record)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("notify-internalbf against internalbf", () => {
  it("promotes a staging success: one production dispatch of the commit", async () => {
    const result = await stagingSuccess();
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ decision: "production_dispatch_queued", "http-status": "202" });
    await dispatchedRun(SHA);
    expect(dispatches()).toHaveLength(1);
    expect(JSON.parse(dispatches()[0]?.body ?? "{}")).toMatchObject({ inputs: { commit_sha: SHA } });
    expect(result.summary).toContain("production_dispatch_queued");
  });

  it("promotes a signed staging success sent by name through the runner's proxy, over https", async () => {
    // An https front on 127.0.0.1 for the worker, known to the step only as internalbf.test, a name
    // that only the CONNECT proxy resolves: the runner's path to a real deployment.
    proxy = await startProxy(worker.url, undefined, { tls: { key: TEST_PRIVATE_KEY, cert: TEST_CERTIFICATE } });
    forward = await startConnectProxy({ "internalbf.test": "127.0.0.1" });
    const url = `https://internalbf.test:${new URL(proxy.url).port}`;
    const setting = await trustingTheTestCertificate();
    try {
      const result = await runAction({
        inputs: { url, secret: SECRET, "commit-sha": SHA, event: "staging_deployment_complete", status: "success" },
        env: { ...setting.env, HTTPS_PROXY: forward.url },
      });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(forward.connects).toEqual([url.slice("https://".length)]);
      expect(result.outputs).toMatchObject({ decision: "production_dispatch_queued", "http-status": "202" });
      await dispatchedRun(SHA);
      expect(dispatches()).toHaveLength(1);
    } finally {
      await setting.remove();
    }
  });

  it("retries a first attempt that timed out without dispatching twice", async () => {
    proxy = await startProxy(worker.url, (index) => (index === 0 ? 3000 : undefined));
    const result = await stagingSuccess({ "timeout-seconds": "1" }, proxy.url);
    expect(result.exitCode, result.stdout).toBe(0);
    expect(proxy.forwarded()).toBe(2);
    expect(result.stdout).toMatch(/Attempt 1 of 6 failed: .*no answer within 1 s/);
    // The retry is the same delivery: internalbf answers it with its first answer.
    expect(result.outputs).toMatchObject({ decision: "production_dispatch_queued", "http-status": "200" });
    await dispatchedRun(SHA);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dispatches()).toHaveLength(1);
  });

  it("fails the step with a readable message when the secret is wrong", async () => {
    const result = await stagingSuccess({ secret: WRONG_SECRET });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::internalbf refused the signature \(invalid_signature\): the secret input does not match/,
    );
    // The runner consumes ::add-mask:: commands; no other line may hold the key.
    const printed = result.stdout.split("\n").filter((line) => !line.startsWith("::add-mask::"));
    expect(printed.join("\n")).not.toContain(WRONG_SECRET.slice(6));
    expect(result.outputs["http-status"]).toBe("401");
    expect(dispatches()).toHaveLength(0);
  });

  it("passes with the outputs set when fail-on-error is false", async () => {
    const result = await stagingSuccess({ secret: WRONG_SECRET, "fail-on-error": "false" });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/::warning::internalbf refused the signature/);
    expect(result.outputs).toEqual({
      "delivery-id": "gha-987654321-1-staging_deployment_complete",
      "deployment-url": `${worker.url}/deployments/${SHA}`,
      "http-status": "401",
      decision: "",
    });
  });

  it("require-approval lets the run internalbf dispatched through and stops any other", async () => {
    expect((await stagingSuccess()).exitCode).toBe(0);
    const runId = await dispatchedRun(SHA);
    const gate = { event: "production_deployment_started", "require-approval": "true" };

    const byHand = await notify(gate, { GITHUB_RUN_ID: String(runId + 1) });
    expect(byHand.exitCode).toBe(1);
    expect(byHand.outputs.decision).toBe("rejected");
    expect(byHand.stdout).toMatch(
      new RegExp(
        `::error::internalbf did not approve commit ${SHA} for production \\(decision: rejected\\): .*${runId}`,
      ),
    );

    const dispatched = await notify(gate, { GITHUB_RUN_ID: String(runId) });
    expect(dispatched.exitCode, dispatched.stdout).toBe(0);
    expect(dispatched.outputs.decision).toBe("approved");
  });

  it("carries emergency and dispatch-id in a notification internalbf takes", async () => {
    const result = await notify({
      event: "production_deployment_complete",
      status: "success",
      emergency: "true",
      "dispatch-id": "dsp_emergency-1",
      details: "EMERGENCY by octocat: internalbf is down",
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs["http-status"]).toBe("202");
    expect(result.outputs.decision).not.toBe("");
  });

  it("require-approval stops a commit internalbf never dispatched, and says why", async () => {
    const other = "badc0de000000000000000000000000000000002";
    const result = await notify({
      event: "production_deployment_started",
      "require-approval": "true",
      "commit-sha": other,
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe("rejected");
    expect(result.stdout).toMatch(
      /::error::internalbf did not approve commit badc0de0+2 for production \(decision: rejected\): internalbf did not dispatch/,
    );
    expect(dispatches()).toHaveLength(0);
  });
});
