import { afterAll, beforeAll, expect, it } from "vitest";
import { recordOf, waitFor } from "../reliability/support/observe";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, goesLive, operatorEnv, stagingPasses, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([sha(0x30), sha(0x31)]);
  await goesLive(running.world, sha(0x30));
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("release ends the hold, and the success that waited is promoted", async () => {
  const env = operatorEnv(running.world);
  expect((await cli(["hold", "--reason", "checking the canary"], env)).code).toBe(0);
  expect(await stagingPasses(running.world, sha(0x31))).toBe("held_frozen");

  const release = await cli(["release", "--reason", "canary is fine"], env);
  expect(release).toMatchObject({ code: 0, stderr: "" });
  expect(release.stdout).toMatch(/^decision\s+released$/m);
  expect(release.stdout).toMatch(/^on hold\s+no$/m);
  await waitFor(async () => {
    expect((await recordOf(running.world.worker(), sha(0x31)))?.production?.status).toBe("live");
  });
  expect((await cli(["status"], env)).stdout).toMatch(new RegExp(`^live\\s+${sha(0x31)}$`, "m"));
});
