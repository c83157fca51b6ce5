import { afterAll, beforeAll, expect, it } from "vitest";
import { sha } from "../reliability/support/world";
import { type CliWorld, cli, goesLive, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;
const COMMIT = sha(0x90);

beforeAll(async () => {
  running = await startCliWorld([COMMIT]);
  await goesLive(running.world, COMMIT);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("--json prints the server's answer as JSON a script can parse, refusals too", async () => {
  const env = operatorEnv(running.world);
  const status = await cli(["status", "--json"], env);
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ live: COMMIT, in_flight: null, on_hold: null });

  const history = await cli(["--json", "history", "--limit", "1"], env);
  expect(JSON.parse(history.stdout)).toMatchObject({ deployments: [{ sha: COMMIT }], next_cursor: expect.any(String) });

  const events = await cli(["events", "--sha", COMMIT.slice(0, 7), "--json"], env);
  const trail = JSON.parse(events.stdout) as { events: { sha: string }[] };
  expect(trail.events.length).toBeGreaterThan(0);
  expect(trail.events.every((event) => event.sha === COMMIT)).toBe(true);

  const hold = await cli(["hold", "--reason", "scripted", "--json"], env);
  expect(JSON.parse(hold.stdout)).toMatchObject({ decision: "on_hold", pipeline: { on_hold: { reason: "scripted" } } });

  const refused = await cli(["promote", COMMIT, "--reason", "again", "--json"], env);
  expect(refused.code).toBe(1);
  expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: "not_allowed" } });
});
