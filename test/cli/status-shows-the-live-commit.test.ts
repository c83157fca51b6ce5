import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, goesLive, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([sha(0x10)]);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("status shows the commit production runs", async () => {
  await goesLive(running.world, sha(0x10));
  const run = await cli(["status"], operatorEnv(running.world));
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(new RegExp(`^live\\s+${sha(0x10)}$`, "m"));
  expect(run.stdout).toMatch(/^in flight\s+none$/m);
  expect(run.stdout).toMatch(/^on hold\s+no$/m);
});
