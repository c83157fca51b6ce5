import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { FULL, NOTHING_SENT, testDeps } from "./support/deps";

// argv → the message, and the help shown under it (a command's, or the list of commands).
const CASES: [string[], string, string][] = [
  [[], "name a command", "usage: internalbf <command>"],
  [["deploy"], "unknown command deploy", "usage: internalbf <command>"],
  [["help", "deploy"], "unknown command deploy", "usage: internalbf <command>"],
  [["--json"], "name a command", "usage: internalbf <command>"],
  [["promote", "--reason", "hotfix"], "promote needs a commit: <sha>", "usage: internalbf promote"],
  [["promote", FULL], "promote needs --reason", "usage: internalbf promote"],
  [["promote", "3f2a1b", "--reason", "x"], "3f2a1b is not a commit", "usage: internalbf promote"],
  [["promote", "3f2a1bz", "--reason", "x"], "3f2a1bz is not a commit", "usage: internalbf promote"],
  [["promote", FULL, FULL, "--reason", "x"], `unexpected argument ${FULL}`, "usage: internalbf promote"],
  [["status", "now"], "unexpected argument now", "usage: internalbf status"],
  [["status", "--to", FULL], "status takes no --to", "usage: internalbf status"],
  [["status", "--bogus", "1"], "unknown option --bogus", "usage: internalbf status"],
  [["status", "--toString", "1"], "unknown option --toString", "usage: internalbf status"],
  [["status", "-v"], "unknown option -v", "usage: internalbf status"],
  [["status", "--json=yes"], "--json takes no value", "usage: internalbf status"],
  [["hold", "--reason"], "--reason needs a value", "usage: internalbf hold"],
  [["hold", "--reason", "--json"], "--reason needs a value", "usage: internalbf hold"],
  [["hold", "--reason", "   "], "--reason must say why", "usage: internalbf hold"],
  [["hold", "--reason", "x".repeat(1001)], "--reason is at most 1,000 characters", "usage: internalbf hold"],
  [["hold", "--reason", "a", "--reason", "b"], "--reason is given twice", "usage: internalbf hold"],
  [["release"], "release needs --reason", "usage: internalbf release"],
  [["freeze", "--until", "tomorrow", "--reason", "x"], "--until must be an ISO-8601 time", "usage: internalbf freeze"],
  [["rollback", "--to", "123", "--reason", "x"], "--to must be a full commit SHA", "usage: internalbf rollback"],
  [["history", "--limit", "0"], "--limit must be 1 to 100", "usage: internalbf history"],
  [["history", "--limit", "101"], "--limit must be 1 to 100", "usage: internalbf history"],
  [["history", "--environment", "dev"], "--environment must be staging or production", "usage: internalbf history"],
  [["history", "--cursor", "next"], "--cursor must be the cursor a previous page named", "usage: internalbf history"],
  [["events", "--sha", "main"], "--sha must be a full commit SHA", "usage: internalbf events"],
  [["events", "--reason", "x"], "events takes no --reason", "usage: internalbf events"],
  [["emergency", FULL], "emergency needs --reason", "usage: internalbf emergency"],
];

it.each(CASES)(
  "internalbf %j is a usage error: exit 2, the message, the help, nothing sent",
  async (argv, message, help) => {
    const test = testDeps(NOTHING_SENT);
    expect(await run(argv, test.deps)).toBe(2);
    expect(test.stdout()).toBe("");
    expect(test.stderr()).toContain(`internalbf: ${message}`);
    expect(test.stderr()).toContain(help);
    expect(test.sent).toEqual([]);
  },
);
