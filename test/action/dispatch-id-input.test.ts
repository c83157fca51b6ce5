// The dispatch-id input: a production run names the internalbf decision that dispatched it.
import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { parseNotification } from "../../worker/protocol/index";
import { accepted, fake, inputs } from "../support/deps";

const production = (extra: Record<string, string>) =>
  inputs({ event: "production_deployment_started", status: "", ...extra });

async function refusedBeforeAnyRequest(given: Record<string, string>): Promise<string> {
  const step = fake({ inputs: given });
  await run(step.deps);
  expect(step.requests).toHaveLength(0);
  expect(step.failures).toHaveLength(1);
  return step.failures[0] ?? "";
}

describe("dispatch-id", () => {
  it.each(["dsp_01HZX3K9Q2", "a", "A-b_9".padEnd(64, "x")])("%s is sent as dispatch_id", async (id) => {
    const step = fake({ inputs: production({ "dispatch-id": id }), steps: [accepted("approved")] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    const body = JSON.parse(step.requests[0]?.body ?? "{}") as Record<string, unknown>;
    expect(body.dispatch_id).toBe(id);
    expect(parseNotification(body)).toMatchObject({ ok: true });
    expect(step.summaries[0]).toContain(`| Dispatch | \`${id}\` |`);
  });

  it("empty (a production run started by hand) leaves the field out", async () => {
    const step = fake({
      inputs: inputs({ event: "production_deployment_complete", "dispatch-id": "" }),
      steps: [accepted("recorded")],
    });
    await run(step.deps);
    expect(step.failures).toEqual([]);
    expect(JSON.parse(step.requests[0]?.body ?? "{}")).not.toHaveProperty("dispatch_id");
    expect(step.summaries[0]).not.toContain("Dispatch");
  });

  it("empty is no dispatch id on a staging event either", async () => {
    const step = fake({ inputs: inputs({ "dispatch-id": "" }), steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.failures).toEqual([]);
  });

  it.each(["x".repeat(65), "has space", "a/b", "dsp.1", "ü"])("refuses %j and names the form", async (id) => {
    expect(await refusedBeforeAnyRequest(production({ "dispatch-id": id }))).toBe(
      `dispatch-id: "${id}" is not internalbf's dispatch id: 1 to 64 letters, digits, '-' or '_' (pass the workflow's inputs.dispatch_id as it came)`,
    );
  });

  it("is refused on a staging event", async () => {
    expect(await refusedBeforeAnyRequest(inputs({ "dispatch-id": "dsp_1" }))).toMatch(
      /^dispatch-id only applies to production_deployment_started and production_deployment_complete, not staging_deployment_complete/,
    );
  });
});
