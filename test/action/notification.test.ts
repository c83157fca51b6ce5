import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { parseNotification } from "../../worker/protocol/index";
import { accepted, fake, inputs, SECRET, SHA } from "../support/deps";

const NOW = new Date("2026-11-28T08:00:00.000Z");

describe("the notification", () => {
  it("is the full contract, filled from the workflow run", async () => {
    const step = fake({
      inputs: inputs({ details: "E2E: 212 passed" }),
      now: NOW,
      steps: [accepted("production_dispatch_queued")],
    });
    await run(step.deps);
    const sent = step.requests[0];
    expect(sent?.request.method).toBe("POST");
    expect(sent?.request.url).toBe("https://internalbf.example.com/deployment/staging/complete");
    expect(sent?.request.headers.get("content-type")).toBe("application/json");
    const body: unknown = JSON.parse(sent?.body ?? "");
    expect(body).toEqual({
      event: "staging_deployment_complete",
      status: "success",
      commit_sha: SHA,
      timestamp: "2026-11-28T08:00:00.000Z",
      repository: "bolt-foundry/monorepo",
      run_id: 987654321,
      run_attempt: 1,
      run_number: 42,
      run_url: "https://github.com/bolt-foundry/monorepo/actions/runs/987654321/attempts/1",
      actor: "octocat",
      ref: "refs/heads/main",
      details: "E2E: 212 passed",
    });
    expect(parseNotification(body)).toMatchObject({ ok: true });
  });

  it("is posted to the path of its event", async () => {
    const step = fake({
      inputs: inputs({ event: "production_deployment_started", status: "" }),
      steps: [accepted("approved")],
    });
    await run(step.deps);
    expect(step.requests[0]?.request.url).toBe("https://internalbf.example.com/deployment/production/started");
  });

  it("carries a Standard Webhooks signature that the reference library verifies", async () => {
    const step = fake({ steps: [accepted("recorded")] });
    await run(step.deps);
    const sent = step.requests[0];
    const headers = Object.fromEntries(sent?.request.headers.entries() ?? []);
    expect(() => new Webhook(SECRET).verify(sent?.body ?? "", headers)).not.toThrow();
  });

  it("has a delivery id made of the run id, the run attempt and the event", async () => {
    const step = fake({ env: { GITHUB_RUN_ID: "555", GITHUB_RUN_ATTEMPT: "3" }, steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.requests[0]?.request.headers.get("webhook-id")).toBe("gha-555-3-staging_deployment_complete");
    expect(step.outputs["delivery-id"]).toBe("gha-555-3-staging_deployment_complete");
  });

  it("cuts details longer than 4,000 characters, with a warning instead of a failure", async () => {
    const step = fake({ inputs: inputs({ details: "x".repeat(5000) }), steps: [accepted("recorded")] });
    await run(step.deps);
    const body = JSON.parse(step.requests[0]?.body ?? "{}") as { details: string };
    expect(body.details).toHaveLength(4000);
    expect(body.details.endsWith("…")).toBe(true);
    expect(step.failures).toEqual([]);
    expect(step.warnings.join("\n")).toMatch(/details is longer than 4000 characters/);
  });

  it("never cuts a character in half", async () => {
    const step = fake({ inputs: inputs({ details: `${"x".repeat(3998)}😀😀` }), steps: [accepted("recorded")] });
    await run(step.deps);
    const body = JSON.parse(step.requests[0]?.body ?? "{}") as { details: string };
    expect(body.details).toBe(`${"x".repeat(3998)}…`);
  });
});
