// The emergency input: a production run on the internalbf-down path says so in its notification.
import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { parseNotification } from "../../worker/protocol/index";
import { accepted, fake, inputs } from "../support/deps";

const production = (extra: Record<string, string>) =>
  inputs({ event: "production_deployment_started", status: "", ...extra });

async function sentBody(given: Record<string, string>): Promise<Record<string, unknown>> {
  const step = fake({ inputs: given, steps: [accepted("recorded")] });
  await run(step.deps);
  expect(step.failures).toEqual([]);
  const body = JSON.parse(step.requests[0]?.body ?? "{}") as Record<string, unknown>;
  expect(parseNotification(body)).toMatchObject({ ok: true });
  return body;
}

describe("emergency", () => {
  it.each(["true", "True", "TRUE"])("%s sends emergency: true with a production event", async (value) => {
    expect(await sentBody(production({ emergency: value }))).toMatchObject({ emergency: true });
  });

  it("is sent with production_deployment_complete too, and shown in the job summary", async () => {
    const step = fake({
      inputs: inputs({ event: "production_deployment_complete", emergency: "true" }),
      steps: [accepted("recorded")],
    });
    await run(step.deps);
    expect(JSON.parse(step.requests[0]?.body ?? "{}")).toMatchObject({ emergency: true });
    expect(step.summaries[0]).toContain("| Emergency | **yes**");
  });

  it.each([["false"], [""]])("%j leaves the field out of the notification", async (value) => {
    expect(await sentBody(production({ emergency: value }))).not.toHaveProperty("emergency");
  });

  it("is refused on a staging event, before any request", async () => {
    const step = fake({ inputs: inputs({ emergency: "true" }) });
    await run(step.deps);
    expect(step.requests).toHaveLength(0);
    expect(step.failures).toEqual([
      "emergency only applies to production_deployment_started and production_deployment_complete, not staging_deployment_complete: leave it out of staging steps",
    ]);
  });

  it("is refused when it is not a boolean", async () => {
    const step = fake({ inputs: production({ emergency: "yes" }) });
    await run(step.deps);
    expect(step.requests).toHaveLength(0);
    expect(step.failures).toEqual(['emergency: "yes" is not a boolean (true or false)']);
  });
});
