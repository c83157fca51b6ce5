// Every command in README.md's `sh` blocks is run, or its Wrangler subcommand checked, so the README
// cannot promise a command that does not work. The link is mechanical: the README is read here, and
// nothing lists its commands twice.
//
// - Local commands (the CLI, notify, curl to the local worker, the README's own shell functions, a
//   `node -e`, Wrangler with --local or --dry-run) run in order, as typed in one terminal, against
//   one `npm start` (startLocal) on free ports: the README's 8787 and 8788 become those ports, its
//   `.wrangler/state` the test's state, `<sha>` the commit the last `npm run notify` made, and an
//   example time tomorrow's 08:00 UTC. A refusal because of the pipeline's state (409 not_allowed)
//   still shows the command is well formed; a usage error, an unknown route or field does not.
// - Commands too slow to run here (`npm start`, `npm test`, `npm run demo`, …) must be run as
//   written by a test (its argv, `--silent` aside) or by CI (.ci/run, ci.yml).
// - Every Wrangler command's subcommand and flags must exist in `wrangler <subcommand> --help`
//   (offline, no account), and the dry run must bundle the worker.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Finished, ROOT, runProcess } from "../../local/action.ts";
import { type Local, startLocal } from "../../local/start.ts";
import { type ShellCommand, shCommands, splitCommands, wordsOf } from "./readme-commands.ts";
import { freePair, removeState, tempState, until } from "./support.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const commands = shCommands(README);
const where = (command: ShellCommand) => `README.md:${command.line}: ${command.text}`;

/** What every command here runs with: no telemetry, no update checks, no colour. */
const QUIET = {
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  NO_COLOR: "1",
  npm_config_update_notifier: "false",
};

/** `bash -c script` from the project's root. */
const bash = (script: string, env: Record<string, string>, timeoutMs = 120_000): Promise<Finished> =>
  runProcess("bash", ["-c", `set -o pipefail\n${script}`], { ...process.env, ...QUIET, ...env }, timeoutMs);

/** The `error.code` of the first JSON error body in `text`, if any. */
function errorCode(text: string): string | undefined {
  for (const line of text.split("\n")) {
    try {
      const body = JSON.parse(line) as { error?: { code?: unknown } };
      if (typeof body.error?.code === "string") return body.error.code;
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}

describe("the README's sh blocks", () => {
  it("are read as a shell reads them", () => {
    expect(
      splitCommands("a 'x && y' && b # c\nc \\\n  d; e\nf() { g; h; }\nk '1\n2'", 10).map(({ text }) => text),
    ).toEqual(["a 'x && y'", "b", "c    d", "e", "f() { g; h; }", "k '1\n2'"]);
    expect(wordsOf(`PORT=1 npm run --silent x -- --reason "a b" '{"c":1}'`)).toEqual([
      "PORT=1",
      "npm",
      "run",
      "--silent",
      "x",
      "--",
      "--reason",
      "a b",
      '{"c":1}',
    ]);
    expect(commands.length).toBeGreaterThan(20);
  });

  it("hold only commands this test can vouch for", () => {
    expect(
      commands.filter((command) => command.kind === "unknown").map(where),
      "run locally by this test, by another test or CI, or a deployed worker's: say which in readme-commands.ts",
    ).toEqual([]);
  });
});

describe("the README's local commands, run against npm start's worker and stand-in", () => {
  let local: Local | undefined;
  let state = "";
  let port = 0;
  let outdir = "";

  beforeAll(async () => {
    // wrangler dev inherits these: without them its banner asks the npm registry for a newer Wrangler.
    Object.assign(process.env, QUIET);
    port = await freePair();
    state = await tempState();
    outdir = await mkdtemp(join(tmpdir(), "internalbf-readme-bundle-"));
    local = await startLocal({ port, persistTo: state, stepMs: 100, cronMs: 3_600_000 });
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
    await removeState(state);
    if (outdir !== "") await removeState(outdir);
  });

  it("each works as the README says", async () => {
    const tomorrow = `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T08:00:00Z`;
    let sha: string | undefined;
    const setup: string[] = [];
    const problems: string[] = [];
    const here = (text: string) => {
      if (text.includes("<sha>") && sha === undefined) throw new Error("uses <sha> before any npm run notify");
      return text
        .replace(/\b8787\b/g, String(port))
        .replace(/\b8788\b/g, String(port + 1))
        .replaceAll(".wrangler/state", state)
        .replaceAll("<sha>", sha ?? "")
        .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\b/g, tomorrow)
        .replace(/--outdir\s+\S+/g, `--outdir ${outdir}`);
    };
    let ran = 0;
    for (const command of commands) {
      if (command.kind === "setup") setup.push(command.text);
      if (command.kind !== "run") continue;
      let script: string;
      try {
        script = [...setup, command.text].map(here).join("\n");
      } catch (error) {
        problems.push(`${where(command)}\n    ${(error as Error).message}`);
        continue;
      }
      const run = () => bash(script, { PORT: String(port) });
      const problem = await check(command, run, (made) => {
        sha = made;
      });
      ran++;
      if (problem !== null) problems.push(`${where(command)}\n    ${problem}`);
    }
    expect(problems, "README commands that do not work as written").toEqual([]);
    expect(ran).toBeGreaterThan(20);
    // "Deploy it for real" checks its bundle with a dry run: it ran above.
    expect(commands.some((command) => command.kind === "run" && command.words.includes("--dry-run"))).toBe(true);
  }, 600_000);

  /** Runs one local command; null when it did what the README says, else what went wrong. */
  async function check(command: ShellCommand, run: () => Promise<Finished>, made: (sha: string) => void) {
    const [program, ...args] = command.words;
    const plain = args.filter((arg) => arg !== "--silent");
    const said = (result: Finished) =>
      `exit ${result.exitCode}: ${`${result.stderr}\n${result.stdout}`.trim().slice(0, 600).replace(/\n/g, "\n    ")}`;
    if (program === "npm" && plain[1] === "notify") {
      const result = await run();
      const sha = /^([0-9a-f]{40}): internalbf said /m.exec(result.stdout)?.[1];
      if (result.exitCode !== 0 || sha === undefined) return said(result);
      made(sha);
      return null;
    }
    if ((program === "npm" && plain[1] === "internalbf") || (program === "node" && args[0] === "cli/main.ts")) {
      const result = await run();
      const refusedForState = result.exitCode === 1 && /^internalbf: refused \(409 not_allowed\)/m.test(result.stderr);
      return result.exitCode === 0 || refusedForState ? null : said(result);
    }
    if (command.wrangler && args.includes("--local")) {
      // The KV mirror is written a moment after each change.
      let last: Finished | undefined;
      try {
        await until(
          "the local KV mirror",
          async () => {
            last = await run();
            return last.exitCode === 0 && !/Value not found/.test(last.stdout + last.stderr) ? true : undefined;
          },
          30_000,
        );
        return null;
      } catch {
        return last === undefined ? "never ran" : said(last);
      }
    }
    const result = await run();
    if (result.exitCode !== 0) return said(result);
    if (command.wrangler && args.includes("--dry-run")) {
      return existsSync(join(outdir, "index.js")) ? null : `no index.js in --outdir: ${said(result)}`;
    }
    const code = errorCode(result.stdout);
    return code === undefined || code === "not_allowed" ? null : `answered ${code}: ${said(result)}`;
  }
});

describe("the README's commands too slow to run here", () => {
  const testFiles = (readdirSync(join(ROOT, "test"), { recursive: true }) as string[])
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join("test", file));
  const ciFiles = [".ci/run", ".github/workflows/ci.yml"];
  const text = (file: string) => readFileSync(join(ROOT, file), "utf8");
  // CI installs from the lockfile with `npm ci`, what `npm install` does on a fresh clone.
  const CLEAN_INSTALL: Readonly<Record<string, string>> = { "npm install": "npm ci" };

  const asPattern = (words: string) => words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  /** A test that spawns the command's argv, or a CI line that runs it as written; null when none. */
  function runBy(command: ShellCommand): string | null {
    const [program = "", ...args] = command.words.filter((word) => word !== "--silent");
    const argv = JSON.stringify(args);
    for (const file of testFiles) {
      const source = text(file);
      if (!source.includes(`"${program}"`) && !source.includes(`${program}(`)) continue;
      for (const [array] of source.matchAll(/\[\s*"[^"\n]*"(?:\s*,\s*"[^"\n]*")*\s*,?\s*\]/g)) {
        const words = (JSON.parse(array.replace(/,\s*\]$/, "]")) as string[]).filter((word) => word !== "--silent");
        if (JSON.stringify(words) === argv) return file;
      }
    }
    const typed = [program, ...args].join(" ");
    const wanted = CLEAN_INSTALL[typed] ?? typed;
    for (const file of ciFiles) {
      const lines = text(file)
        .split("\n")
        .filter((line) => !line.trim().startsWith("#"))
        .map((line) => line.replace(/\s--silent\b/g, ""));
      if (lines.some((line) => new RegExp(`(^|[\\s:'"])${asPattern(wanted)}(?=$|[\\s'"])`).test(line))) return file;
    }
    return null;
  }

  it("are each run, as written, by a test or by CI", () => {
    const elsewhere = commands.filter((command) => command.kind === "elsewhere");
    expect(elsewhere.map((command) => command.words.join(" "))).toEqual(
      expect.arrayContaining(["npm start", "npm test", "npm run demo"]),
    );
    const unrun = elsewhere.filter((command) => runBy(command) === null).map(where);
    expect(unrun, "no test spawns these and no CI step runs them").toEqual([]);
  });
});

describe("the README's Wrangler commands", () => {
  interface Usage {
    /** The subcommand's words, e.g. `secret put`. */
    readonly subcommand: readonly string[];
    /** How many positionals it takes (`<key>`, `[worker]`). */
    readonly positionals: number;
    readonly help: string;
  }
  const usages: Usage[] = [];

  /** What `wrangler <words> --help` says (offline), asked once per subcommand. */
  async function usageOf(words: readonly string[]): Promise<Usage | string> {
    const known = usages.find(
      ({ subcommand, positionals }) =>
        subcommand.every((word, index) => words[index] === word) && words.length - subcommand.length <= positionals,
    );
    if (known !== undefined) return known;
    const quoted = words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(" ");
    const result = await bash(`node node_modules/wrangler/bin/wrangler.js ${quoted} --help`, {}, 60_000);
    const help = `${result.stdout}\n${result.stderr}`;
    // The first line names the subcommand the help is for, then its positionals: `wrangler kv key get <key>`.
    const first = help.trim().split("\n")[0] ?? "";
    if (!first.startsWith("wrangler ")) return first;
    const tokens = first.split(/\s+/).slice(1);
    const positional = tokens.findIndex((token) => /^[<[]/.test(token));
    const subcommand = positional === -1 ? tokens : tokens.slice(0, positional);
    const usage = { subcommand, positionals: tokens.length - subcommand.length, help };
    usages.push(usage);
    return usage;
  }

  /** Null when the subcommand and every flag exist; else what does not. */
  async function problemOf(command: ShellCommand): Promise<string | null> {
    const args = command.words.slice(command.words.indexOf("wrangler") + 1);
    const firstFlag = args.findIndex((arg) => arg.startsWith("-"));
    const leading = firstFlag === -1 ? args : args.slice(0, firstFlag);
    const usage = await usageOf(leading);
    if (typeof usage === "string") return `wrangler ${leading.join(" ")} --help says: ${usage}`;
    const { subcommand, positionals, help } = usage;
    if (subcommand.some((word, index) => leading[index] !== word) || leading.length - subcommand.length > positionals)
      return `wrangler has no command "${leading.join(" ")}" (its help is for "wrangler ${subcommand.join(" ")}")`;
    const unknown = args
      .filter((arg) => arg.startsWith("-"))
      .map((arg) => arg.split("=")[0] ?? arg)
      .filter((flag) => !new RegExp(`(^|[\\s,])${flag.replace(/-/g, "\\-")}(?=[\\s,=]|$)`, "m").test(help));
    return unknown.length === 0 ? null : `wrangler ${subcommand.join(" ")} takes no ${unknown.join(", ")}`;
  }

  it("name subcommands and flags that `wrangler … --help` lists", async () => {
    const wrangler = commands.filter((command) => command.wrangler);
    expect(wrangler.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const command of wrangler) {
      const problem = await problemOf(command);
      if (problem !== null) problems.push(`${where(command)}\n    ${problem}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
