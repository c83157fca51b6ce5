import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, goesLive, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;
const COMMIT = sha(0x5a);

beforeAll(async () => {
  running = await startCliWorld([COMMIT]);
  await goesLive(running.world, COMMIT);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("show <7-character prefix> prints the whole record of the one commit it names", async () => {
  const run = await cli(["show", COMMIT.slice(0, 7).toUpperCase()], operatorEnv(running.world));
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(new RegExp(`^commit\\s+${COMMIT}$`, "m"));
  expect(run.stdout).toMatch(/^staging\s+success /m);
  expect(run.stdout).toMatch(/^production\s+live \(updated .+, run \d+\)$/m);
  expect(run.stdout).toMatch(/^events:$/m);
  expect(run.stdout).toMatch(/^\S+ \S+\s+production\s+production_live\s+octocat \(github\)$/m);
});
