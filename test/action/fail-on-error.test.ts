import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { fake, inputs, networkError, refused } from "../support/deps";

describe("fail-on-error: false", () => {
  it("passes after a delivery failure, with a warning and the outputs set", async () => {
    const step = fake({
      inputs: inputs({ "fail-on-error": "false" }),
      steps: [refused(401, "invalid_signature", "no match")],
    });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.warnings.join("\n")).toMatch(
      /secret input does not match.*fail-on-error is false, so the step passes/s,
    );
    expect(step.outputs).toEqual({
      "delivery-id": "gha-987654321-1-staging_deployment_complete",
      "deployment-url": "https://internalbf.example.com/deployments/0123456789abcdef0123456789abcdef01234567",
      "http-status": "401",
      decision: "",
    });
  });

  it("passes when internalbf stays unreachable", async () => {
    const step = fake({
      inputs: inputs({ "fail-on-error": "false", retries: "1" }),
      steps: [networkError("ECONNREFUSED"), networkError("ECONNREFUSED")],
    });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.outputs["http-status"]).toBe("");
  });

  it("still fails on invalid inputs: a broken step is not a delivery failure", async () => {
    const step = fake({ inputs: inputs({ "fail-on-error": "false", status: "ok" }) });
    await run(step.deps);
    expect(step.failures).toHaveLength(1);
  });
});
