import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { COMMANDS, OPTIONS, valueOptionsOf } from "../../cli/commands";
import { run } from "../../cli/main";
import { ROOT } from "../support/action";
import { NOTHING_SENT, testDeps } from "./support/deps";

it.each(COMMANDS.map((command) => [command.name, command] as const))(
  "%s --help prints what it takes, exits 0 and sends nothing",
  async (name, command) => {
    // No settings, and arguments that would be wrong: help answers first.
    for (const argv of [
      [name, "--help"],
      [name, "-h"],
      ["help", name],
      [name, "--bogus", "-h"],
    ]) {
      const test = testDeps(NOTHING_SENT, { INTERNALBF_URL: "", INTERNALBF_ADMIN_TOKEN: "" });
      expect(await run(argv, test.deps)).toBe(0);
      expect(test.stderr()).toBe("");
      const help = test.stdout();
      expect(help).toMatch(new RegExp(`^usage: internalbf ${name}${command.commit ? " <sha>" : ""} `));
      for (const option of [...valueOptionsOf(command), "json", "verbose"] as const) {
        expect(help).toContain(`--${option}`);
        expect(help).toContain(OPTIONS[option].help);
      }
      if (command.mutating) expect(help).toMatch(/^ {2}--reason <text> +why/m);
      else expect(help).not.toContain("--reason");
    }
  },
);

it("--help alone lists every command, the settings and the exit codes", async () => {
  const test = testDeps(NOTHING_SENT);
  expect(await run(["--help"], test.deps)).toBe(0);
  const lines = test.stdout().split("\n");
  for (const command of COMMANDS) expect(lines).toContain(`  ${command.name.padEnd(9)}  ${command.summary}`);
  for (const name of [
    "INTERNALBF_URL",
    "INTERNALBF_ADMIN_TOKEN",
    "INTERNALBF_ACCESS_CLIENT_ID",
    "INTERNALBF_ACCESS_CLIENT_SECRET",
    "INTERNALBF_ACTOR",
  ]) {
    expect(test.stdout()).toContain(name);
  }
  expect(test.stdout()).toContain("exit codes: 0 done, 1 refused or unreachable");
});

it("the npm script runs the CLI from cli/ with the repository's Node, no build step", async () => {
  const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "internalbf", "--", "rollback", "--help"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ROOT },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^usage: internalbf rollback --reason <text> \[--to <sha>\]/);
});
