// The answers a GitHub stand-in gives (local/github/shapes.ts) are the description's examples with
// the fields that matter over them, and follow its response schemas; checkResponse names what does not.
import { describe, expect, it } from "vitest";
import { checkResponse, exampleOf, OPERATION_IDS } from "../../local/github/openapi.ts";
import {
  compareAnswer,
  dispatchAnswer,
  installationToken,
  runLinks,
  runsList,
  workflowRun,
} from "../../local/github/shapes.ts";

const run = workflowRun({
  ...runLinks("bolt-foundry", "monorepo", 1000),
  id: 1000,
  status: "completed",
  conclusion: "success",
  display_title: "Deploy 0123456 to production ibf-0123456789abcdef",
  head_commit: { message: "Change it\n\nIts body." },
});

describe("every builder's answer follows its response schema", () => {
  it("a workflow run, and a page of them", () => {
    expect(checkResponse("actions/get-workflow-run", 200, run)).toEqual([]);
    expect(checkResponse("actions/list-workflow-runs", 200, runsList([run, run]))).toEqual([]);
    expect(checkResponse("actions/list-workflow-runs", 200, runsList([]))).toEqual([]);
  });

  it("a compare for each status", () => {
    for (const status of ["ahead", "behind", "identical", "diverged"] as const) {
      expect(
        checkResponse("repos/compare-commits-with-basehead", 200, compareAnswer({ status, ahead_by: 2, behind_by: 0 })),
      ).toEqual([]);
    }
  });

  it("a dispatch's run details, and an installation token", () => {
    const details = {
      workflow_run_id: 1000,
      run_url: "https://api.github.com/repos/bolt-foundry/monorepo/actions/runs/1000",
      html_url: "https://github.com/bolt-foundry/monorepo/actions/runs/1000",
    };
    expect(checkResponse("actions/create-workflow-dispatch", 200, dispatchAnswer(details))).toEqual([]);
    const token = installationToken({ token: "ghs_local", expires_at: "2026-12-01T16:00:00Z" });
    expect(checkResponse("apps/create-installation-access-token", 201, token)).toEqual([]);
  });

  it("and every example in the description does too", () => {
    for (const operationId of OPERATION_IDS) {
      const status = operationId === "apps/create-installation-access-token" ? 201 : 200;
      expect(checkResponse(operationId, status, exampleOf(operationId, status)), operationId).toEqual([]);
    }
  });
});

describe("a builder keeps the example's other fields and takes the given ones", () => {
  it("a run merges head_commit into the example's commit and links to its own repository", () => {
    const example = exampleOf("actions/get-workflow-run", 200);
    expect(Object.keys(run).sort()).toEqual(Object.keys({ ...example, previous_attempt_url: null }).sort());
    expect(run.head_commit).toMatchObject({ message: "Change it\n\nIts body.", tree_id: expect.any(String) });
    expect(run).toMatchObject({
      html_url: "https://github.com/bolt-foundry/monorepo/actions/runs/1000",
      repository: { full_name: "bolt-foundry/monorepo", private: expect.any(Boolean) },
    });
  });

  it("a compare counts its commits from ahead_by", () => {
    expect(compareAnswer({ status: "ahead", ahead_by: 3, behind_by: 0 })).toMatchObject({ total_commits: 3 });
  });

  it("an installation token takes the permissions asked for whole", () => {
    const token = installationToken({
      token: "ghs_local",
      expires_at: "2026-12-01T16:00:00Z",
      permissions: { actions: "write" },
    });
    expect(token.permissions).toEqual({ actions: "write" });
  });

  it("exampleOf hands out a copy: changing one leaves the next as the description has it", () => {
    const first = exampleOf("actions/get-workflow-run", 200);
    (first.head_commit as { message: string }).message = "changed";
    expect((exampleOf("actions/get-workflow-run", 200).head_commit as { message: string }).message).not.toBe("changed");
  });
});

describe("checkResponse names what GitHub would never answer", () => {
  it("a run with a string id, no status field, or a conclusion GitHub's type does not allow", () => {
    const { status: _status, ...withoutStatus } = run;
    expect(checkResponse("actions/get-workflow-run", 200, { ...run, id: "1000" })).toEqual(["200/id must be integer"]);
    expect(checkResponse("actions/get-workflow-run", 200, withoutStatus)).toEqual([
      "200 must have required property 'status'",
    ]);
    expect(checkResponse("actions/get-workflow-run", 200, { ...run, conclusion: 1 })).toEqual([
      "200/conclusion must be null",
      "200/conclusion must be string",
      "200/conclusion must match a schema in anyOf",
    ]);
  });

  it("a null where the schema says nullable passes, where it does not it is named", () => {
    expect(checkResponse("actions/get-workflow-run", 200, { ...run, conclusion: null, head_commit: null })).toEqual([]);
    expect(checkResponse("actions/get-workflow-run", 200, { ...run, html_url: null })).toEqual([
      "200/html_url must be string",
    ]);
  });

  it("a run_url that is not a URL, and a created_at that is not a date-time", () => {
    expect(
      checkResponse("actions/create-workflow-dispatch", 200, {
        workflow_run_id: 1,
        run_url: "runs/1",
        html_url: "https://github.com/o/r/actions/runs/1",
      }),
    ).toEqual(['200/run_url must match format "uri"']);
    expect(checkResponse("actions/get-workflow-run", 200, { ...run, created_at: "yesterday" })).toEqual([
      '200/created_at must match format "date-time"',
    ]);
  });

  it("a status the operation never answers, and a body on a 204", () => {
    expect(checkResponse("actions/get-workflow-run", 204, undefined)).toEqual([
      "actions/get-workflow-run answers 200, never 204",
    ]);
    expect(checkResponse("actions/create-workflow-dispatch", 204, { ok: true })).toEqual([
      "actions/create-workflow-dispatch answers 204 without a body",
    ]);
    expect(checkResponse("actions/create-workflow-dispatch", 204, undefined)).toEqual([]);
  });
});
