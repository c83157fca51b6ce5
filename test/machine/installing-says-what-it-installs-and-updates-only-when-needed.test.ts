import { describe, expect, it } from "vitest";
import { freshDebian } from "../builders/machine";
import type { Machine } from "./plan";
import { type Deps, prepareMachine, type RunResult } from "./prepare";

const ROOT_INSTALL = [
  "env",
  "DEBIAN_FRONTEND=noninteractive",
  "apt-get",
  "install",
  "-y",
  "--no-install-recommends",
  "chromium",
  "cloud-init",
];
const ROOT_UPDATE = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "update"];
const installed = freshDebian({ cloudInit: true, browserExecutable: true });

/** A machine that reads as each of `machines` in turn, and apt-get answering with `answers` in turn. */
function fake(machines: Machine[], answers: RunResult[] = [], listsEmpty = false) {
  const lines: Array<{ stream: "out" | "err"; line: string; afterRuns: number }> = [];
  const runs: string[][] = [];
  let reads = 0;
  const deps: Deps = {
    readMachine: () => {
      const machine = machines[Math.min(reads++, machines.length - 1)];
      if (machine === undefined) throw new Error("no machine given");
      return machine;
    },
    aptListsEmpty: () => listsEmpty,
    run: (argv) => {
      runs.push([...argv]);
      return answers[runs.length - 1] ?? { ok: true, output: "" };
    },
    log: (line) => lines.push({ stream: "out", line, afterRuns: runs.length }),
    error: (line) => lines.push({ stream: "err", line, afterRuns: runs.length }),
    now: () => 1_000 * runs.length,
  };
  const out = () => lines.filter((one) => one.stream === "out").map((one) => one.line);
  const err = () => lines.filter((one) => one.stream === "err").map((one) => one.line);
  return { deps, runs, lines, out, err };
}

describe("installing says what it installs, and updates apt's lists only when needed", () => {
  it("does nothing, silently, when the machine has everything", () => {
    const machine = fake([installed]);
    expect(prepareMachine(machine.deps)).toBe(0);
    expect(machine.runs).toEqual([]);
    expect(machine.lines).toEqual([]);
  });

  it("names the packages and the command before running apt-get, then checks again", () => {
    const machine = fake([freshDebian(), installed]);
    expect(prepareMachine(machine.deps)).toBe(0);
    expect(machine.runs).toEqual([ROOT_INSTALL]);
    expect(machine.lines.slice(0, 2)).toEqual([
      {
        stream: "out",
        line: "Installing the Debian packages the tests need: chromium (the E2E suite's browser), cloud-init (the infra suite's `cloud-init schema` check)",
        afterRuns: 0,
      },
      { stream: "out", line: "$ apt-get install -y --no-install-recommends chromium cloud-init", afterRuns: 0 },
    ]);
    expect(machine.out().at(-1)).toBe("Installed chromium, cloud-init in 1 s.");
  });

  it("goes through sudo -n for a user with passwordless sudo", () => {
    const machine = fake([freshDebian({ uid: 1000, passwordlessSudo: true }), installed]);
    expect(prepareMachine(machine.deps)).toBe(0);
    expect(machine.runs).toEqual([["sudo", "-n", ...ROOT_INSTALL]]);
    expect(machine.out()).toContain("$ sudo apt-get install -y --no-install-recommends chromium cloud-init");
  });

  it("updates first when apt has no package lists", () => {
    const machine = fake([freshDebian(), installed], [], true);
    expect(prepareMachine(machine.deps)).toBe(0);
    expect(machine.runs).toEqual([ROOT_UPDATE, ROOT_INSTALL]);
  });

  it("updates and retries once when the install fails, then goes on", () => {
    const machine = fake([freshDebian(), installed], [{ ok: false, output: "E: Unable to fetch some archives" }]);
    expect(prepareMachine(machine.deps)).toBe(0);
    expect(machine.runs).toEqual([ROOT_INSTALL, ROOT_UPDATE, ROOT_INSTALL]);
  });

  it("stops with apt-get's output and the command when the retry fails too", () => {
    const machine = fake(
      [freshDebian()],
      [
        { ok: false, output: "E: Unable to fetch some archives" },
        { ok: true, output: "" },
        { ok: false, output: "E: Unable to locate package chromium" },
      ],
    );
    expect(prepareMachine(machine.deps)).toBe(1);
    expect(machine.err()).toEqual([
      "E: Unable to locate package chromium",
      "Installing failed (output above). Run it yourself, then npm test again:\n  apt-get install -y --no-install-recommends chromium cloud-init",
    ]);
  });

  it("stops when apt-get succeeded but the machine still lacks a package", () => {
    const machine = fake([freshDebian(), freshDebian({ browserExecutable: true })]);
    expect(prepareMachine(machine.deps)).toBe(1);
    expect(machine.err()).toEqual([
      "apt-get installed chromium, cloud-init, yet the machine still lacks what the tests need.",
      "Still missing: cloud-init",
    ]);
  });

  it("stops at once, running nothing, when it cannot install", () => {
    const machine = fake([freshDebian({ uid: 1000 })]);
    expect(prepareMachine(machine.deps)).toBe(1);
    expect(machine.runs).toEqual([]);
    expect(machine.out()).toEqual([]);
    expect(machine.err().join("\n")).toContain(
      "Run:\n  sudo apt-get install -y --no-install-recommends chromium cloud-init\n  npm test",
    );
  });
});
