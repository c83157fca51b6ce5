import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, goesLive, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([sha(0x80), sha(0x81)]);
  await goesLive(running.world, sha(0x80));
  await goesLive(running.world, sha(0x81));
}, 60_000);

afterAll(async () => {
  await running?.close();
});

const dispatches = () =>
  running.world.fake
    .state()
    .requests.filter((request) => request.route === "dispatch")
    .map((request) => (JSON.parse(request.body) as { inputs: Record<string, string> }).inputs);

it("rollback, after two commits went live, holds promotion and dispatches the one live before as internalbf-rollback", async () => {
  const sent = dispatches().length;
  const run = await cli(["rollback", "--reason", "INC-9: 500s after deploy"], operatorEnv(running.world));
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/^decision\s+dispatch_queued$/m);
  expect(run.stdout).toMatch(new RegExp(`^commit\\s+${sha(0x80)} `, "m"));
  expect(run.stdout).toMatch(/^on hold\s+since /m);
  await expect
    .poll(() => dispatches().slice(sent))
    .toEqual([expect.objectContaining({ commit_sha: sha(0x80), triggered_by: "internalbf-rollback" })]);
});
