import { afterAll, beforeAll, expect, it } from "vitest";
import { recordOf } from "../reliability/support/observe";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, operatorEnv, stagingPasses, startCliWorld } from "./support/cli";

let running: CliWorld;
const COMMIT = sha(0x70);

beforeAll(async () => {
  running = await startCliWorld([COMMIT]);
  await cli(["hold", "--reason", "keep it waiting"], operatorEnv(running.world));
  await stagingPasses(running.world, COMMIT);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("promote without --reason exits 2 with promote's help, and nothing reaches the worker", async () => {
  const before = await recordOf(running.world.worker(), COMMIT);
  const run = await cli(["promote", COMMIT.slice(0, 7)], operatorEnv(running.world));
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain("internalbf: promote needs --reason");
  expect(run.stderr).toContain("usage: internalbf promote <sha> --reason <text>");
  expect(await recordOf(running.world.worker(), COMMIT)).toEqual(before);
  expect(before?.production?.status).toBe("held");
});
