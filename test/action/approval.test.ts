import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { accepted, fake, inputs, networkError, SHA } from "../support/deps";

const production = (overrides: Record<string, string> = {}) =>
  inputs({ event: "production_deployment_started", status: "", "require-approval": "true", ...overrides });

describe("require-approval, the production workflow's guard", () => {
  it("lets the run internalbf dispatched through", async () => {
    const step = fake({ inputs: production(), steps: [accepted("approved", { status: "deploying" })] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.outputs.decision).toBe("approved");
  });

  it("stops a commit internalbf did not dispatch, and says why", async () => {
    const step = fake({
      inputs: production(),
      steps: [accepted("rejected", { status: "rejected", error: "no dispatch of this commit by internalbf is open" })],
    });
    await run(step.deps);
    expect(step.failures).toEqual([
      `internalbf did not approve commit ${SHA} for production (decision: rejected): no dispatch of this commit by internalbf is open. ` +
        "Only the run internalbf dispatched for a commit that passed staging may deploy it; promote the commit through internalbf instead of starting this workflow by hand",
    ]);
    expect(step.outputs.decision).toBe("rejected");
  });

  it("fails when internalbf cannot be reached, even with fail-on-error false", async () => {
    const step = fake({
      inputs: production({ retries: "0", "fail-on-error": "false" }),
      steps: [networkError("ECONNREFUSED")],
    });
    await run(step.deps);
    expect(step.failures[0]).toMatch(/require-approval is true .* so the production deployment stops here/);
  });

  it("without require-approval, a rejection is a warning", async () => {
    const step = fake({
      inputs: production({ "require-approval": "false" }),
      steps: [accepted("rejected", { error: "not dispatched by internalbf" })],
    });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(step.warnings.join("\n")).toMatch(/rejected this production deployment: not dispatched by internalbf/);
  });
});
