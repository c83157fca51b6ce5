/**
 * Run by `npm test` before vitest: makes sure the machine has what the Node suites need beyond
 * npm's packages (Chromium for test/e2e, cloud-init for test/infra). On Debian, as root or with
 * passwordless sudo, it installs what is missing and says so first; anywhere else it stops before
 * any test runs, naming the commands to run. CHROMIUM_PATH names another browser (Chrome on
 * GitHub's Ubuntu runners), and then no chromium package is needed.
 *
 *   node test/machine/prepare.ts     exits 0 when the suites can run, 1 when not
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import process from "node:process";
import { readMachine } from "./facts.ts";
import { aptInstallCommand, type Machine, PURPOSE, planSystemPackages, stopMessage } from "./plan.ts";

/** The outcome of one command: whether it exited 0, and what it printed. */
export interface RunResult {
  readonly ok: boolean;
  readonly output: string;
}

/** What the command touches, passed in so that its tests need no real apt-get. */
export interface Deps {
  readonly readMachine: () => Machine;
  /** Whether apt has no package lists yet (a fresh image), so install would find nothing. */
  readonly aptListsEmpty: () => boolean;
  readonly run: (argv: readonly string[]) => RunResult;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  readonly now: () => number;
}

/** How many lines of apt-get's output a failure shows. */
const OUTPUT_TAIL_LINES = 30;

/** apt-get with its arguments, without prompts, as root or through sudo. */
function aptGet(args: readonly string[], sudo: boolean): string[] {
  return [...(sudo ? ["sudo", "-n"] : []), "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", ...args];
}

function tail(output: string): string {
  return output.trimEnd().split("\n").slice(-OUTPUT_TAIL_LINES).join("\n");
}

/** Applies the plan for the machine; returns the exit code (0: the suites can run). */
export function prepareMachine(deps: Deps): number {
  const plan = planSystemPackages(deps.readMachine());
  if (plan.action === "nothing") return 0;
  if (plan.action === "stop") {
    deps.error(stopMessage(plan));
    return 1;
  }

  const { packages, sudo } = plan;
  const command = aptInstallCommand(packages, sudo);
  deps.log(
    `Installing the Debian packages the tests need: ${packages.map((pkg) => `${pkg} (${PURPOSE[pkg]})`).join(", ")}`,
  );
  deps.log(`$ ${command}`);
  const started = deps.now();
  const update = aptGet(["update"], sudo);
  const install = aptGet(["install", "-y", "--no-install-recommends", ...packages], sudo);

  if (deps.aptListsEmpty()) {
    deps.log("$ apt-get update (apt has no package lists yet)");
    deps.run(update);
  }
  let installed = deps.run(install);
  if (!installed.ok) {
    // Stale lists name package versions the mirror no longer has: refresh them once and retry.
    deps.log("apt-get install failed; $ apt-get update, then trying once more");
    const updated = deps.run(update);
    installed = updated.ok ? deps.run(install) : updated;
  }
  if (!installed.ok) {
    deps.error(tail(installed.output));
    deps.error(`Installing failed (output above). Run it yourself, then npm test again:\n  ${command}`);
    return 1;
  }

  const after = planSystemPackages(deps.readMachine());
  if (after.action !== "nothing") {
    deps.error(`apt-get installed ${packages.join(", ")}, yet the machine still lacks what the tests need.`);
    if (after.action === "stop") deps.error(stopMessage(after));
    else deps.error(`Still missing: ${after.packages.join(", ")}`);
    return 1;
  }
  deps.log(`Installed ${packages.join(", ")} in ${Math.round((deps.now() - started) / 1000)} s.`);
  return 0;
}

/** The real machine: process.env, apt-get, the console. */
export function machineDeps(env: NodeJS.ProcessEnv): Deps {
  return {
    readMachine: () => readMachine(env),
    aptListsEmpty: () => {
      try {
        return !readdirSync("/var/lib/apt/lists").some((file) => file.includes("_Packages"));
      } catch {
        return true;
      }
    },
    run: (argv) => {
      const [file, ...args] = argv;
      if (file === undefined) throw new TypeError("run needs a command");
      const result = spawnSync(file, args, { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024 });
      const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`;
      return { ok: result.status === 0, output };
    },
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    now: () => Date.now(),
  };
}

if (process.argv[1] === import.meta.filename) {
  process.exitCode = prepareMachine(machineDeps(process.env));
}
