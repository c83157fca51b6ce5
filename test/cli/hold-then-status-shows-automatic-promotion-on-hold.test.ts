import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { ACTOR, type CliWorld, cli, goesLive, operatorEnv, stagingPasses, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([sha(0x20), sha(0x21)]);
  await goesLive(running.world, sha(0x20));
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("hold, then status shows automatic promotion on hold: since when, by whom and why", async () => {
  const env = operatorEnv(running.world);
  const hold = await cli(["hold", "--reason", "INC-7: checkout broken"], env);
  expect(hold).toMatchObject({ code: 0, stderr: "" });
  expect(hold.stdout).toMatch(/^decision\s+on_hold$/m);

  const status = await cli(["status"], env);
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(
    new RegExp(
      `^on hold\\s+since \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z by ${ACTOR} \\(token\\): INC-7: checkout broken$`,
      "m",
    ),
  );
  // It holds: the next staging success waits for an operator.
  expect(await stagingPasses(running.world, sha(0x21))).toBe("held_frozen");
  expect((await cli(["status"], env)).stdout).toMatch(new RegExp(`^waiting\\s+${sha(0x21).slice(0, 12)} held$`, "m"));
});
