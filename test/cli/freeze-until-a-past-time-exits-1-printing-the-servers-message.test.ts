import { afterAll, beforeAll, expect, it } from "vitest";
import { pipelineOf } from "../reliability/support/observe";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([sha(0x40)]);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("freeze --until a time gone by exits 1 and prints the server's refusal; nothing is frozen", async () => {
  const run = await cli(
    ["freeze", "--until", "2020-01-01T00:00:00Z", "--reason", "release week"],
    operatorEnv(running.world),
  );
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain("refused (409 not_allowed)");
  expect(run.stderr).toContain("`until` is in the past: give a time to come, or none to freeze until unfrozen");
  expect((await pipelineOf(running.world.worker())) as unknown).toMatchObject({ frozen: null });
});
