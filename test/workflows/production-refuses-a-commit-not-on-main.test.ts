import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { runStep } from "./support/run-step";
import { expr, job, readWorkflow, step } from "./support/workflows";

const gate = job(readWorkflow("deploy-production.yml").workflow, "gate");
const form = step(gate, "Check the commit SHA's form");
const onMain = step(gate, "Check the commit is on main");

// A clone as the checkout leaves it: origin/main, plus a commit that never reached main.
const repo = mkdtempSync(join(tmpdir(), "release-"));
const commits = { main: "", side: "" };
function git(...args: string[]): string {
  return execFileSync("git", args, {
    cwd: repo,
    env: { PATH: process.env.PATH ?? "", HOME: repo, GIT_CONFIG_NOSYSTEM: "1" },
  })
    .toString()
    .trim();
}
function commit(message: string): string {
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--allow-empty", "-q", "-m", message);
  return git("rev-parse", "HEAD");
}

beforeAll(() => {
  git("init", "-q", "-b", "main");
  commit("first");
  commits.main = commit("on main");
  git("update-ref", "refs/remotes/origin/main", commits.main);
  git("checkout", "-q", "-b", "side");
  commits.side = commit("never merged");
});

it("accepts a commit reachable from main", async () => {
  git("checkout", "-q", "--detach", commits.main);

  const run = await runStep(onMain, { COMMIT_SHA: commits.main }, repo);

  expect(run.stdout).toContain(`${commits.main} is on main`);
  expect(run.code).toBe(0);
});

it("refuses a commit that is not reachable from main", async () => {
  git("checkout", "-q", "--detach", commits.side);

  const run = await runStep(onMain, { COMMIT_SHA: commits.side }, repo);

  expect(run.stdout).toContain("is not reachable from main");
  expect(run.code).toBe(1);
});

it("refuses a SHA that is not a commit of the repository", async () => {
  const run = await runStep(onMain, { COMMIT_SHA: "0".repeat(40) }, repo);

  expect(run.stdout).toContain("is not a commit of this repository");
  expect(run.code).toBe(1);
});

it.each([["main"], ["abc123"], ["A".repeat(40)], [`${"a".repeat(40)}\nb`], [""]])(
  "refuses %j before checking anything out: not a 40-hex SHA",
  async (value) => {
    const run = await runStep(form, { COMMIT_SHA: value });

    expect(run.stdout).toContain("commit_sha must be a full 40-hex commit SHA");
    expect(run.code).toBe(1);
  },
);

it("checks the form before it checks out the commit", () => {
  const names = (gate.steps ?? []).map((one) => one.name);

  expect(names.indexOf(form.name)).toBeLessThan(names.indexOf("Check out the commit"));
  expect(form.env?.COMMIT_SHA).toBe(expr("inputs.commit_sha"));
  expect(onMain.env?.COMMIT_SHA).toBe(expr("inputs.commit_sha"));
});
