import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { accepted, fake, inputs, refused, SHA } from "../support/deps";

describe("the job summary", () => {
  it("shows event, status, commit, decision and links to internalbf's record and the run", async () => {
    const step = fake({ steps: [accepted("production_dispatch_queued")] });
    await run(step.deps);
    const [summary = ""] = step.summaries;
    expect(summary).toContain("| Event | `staging_deployment_complete` |");
    expect(summary).toContain("| Status | `success` |");
    expect(summary).toContain(`[\`${SHA.slice(0, 12)}\`](https://github.com/bolt-foundry/monorepo/commit/${SHA})`);
    expect(summary).toContain("| Decision | **`production_dispatch_queued`** |");
    expect(summary).toContain(`[The commit's record in internalbf](https://internalbf.example.com/deployments/${SHA})`);
    expect(summary).toContain("[This run](https://github.com/bolt-foundry/monorepo/actions/runs/987654321/attempts/1)");
  });

  it("says why nothing was decided, without letting the worker's text become markup", async () => {
    const step = fake({ inputs: inputs({ retries: "0" }), steps: [refused(403, "wrong_repository", "<script>|x|")] });
    await run(step.deps);
    const [summary = ""] = step.summaries;
    expect(summary).toContain("| Decision | — |");
    expect(summary).toContain("&#60;script&#62;&#124;x&#124;");
    expect(summary).not.toContain("<script>");
  });

  it("is not written when the inputs are invalid", async () => {
    const step = fake({ inputs: inputs({ status: "nope" }) });
    await run(step.deps);
    expect(step.summaries).toEqual([]);
  });

  it("does not fail the step when it cannot be written", async () => {
    const step = fake({ steps: [accepted("recorded")] });
    await run({
      ...step.deps,
      runner: { ...step.deps.runner, writeSummary: () => Promise.reject(new Error("disk full")) },
    });
    expect(step.failures).toEqual([]);
    expect(step.warnings.join("\n")).toMatch(/Could not write the job summary: Error: disk full/);
  });
});
