import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, operatorEnv, stagingPasses, startCliWorld } from "./support/cli";

let running: CliWorld;
// Both start 0000060: seven characters name neither alone.
const FIRST = sha(0x600);
const SECOND = sha(0x601);

beforeAll(async () => {
  running = await startCliWorld([FIRST, SECOND]);
  await stagingPasses(running.world, FIRST);
  await stagingPasses(running.world, SECOND);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("a prefix two commits share exits 1, listing both so the operator can give more of the SHA", async () => {
  const prefix = FIRST.slice(0, 7);
  expect(SECOND.startsWith(prefix)).toBe(true);
  const env = operatorEnv(running.world);
  for (const args of [
    ["show", prefix],
    ["block", prefix, "--reason", "bad migration"],
  ]) {
    const run = await cli(args, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("refused (409 ambiguous_commit)");
    expect(run.stderr).toContain(`matching commits:\n  ${FIRST}\n  ${SECOND}\n`);
  }
});
