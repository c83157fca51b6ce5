import { afterAll, beforeAll, expect, it } from "vitest";
import { type CliWorld, cli, operatorEnv, startCliWorld } from "./support/cli";

let running: CliWorld;

beforeAll(async () => {
  running = await startCliWorld([]);
}, 60_000);

afterAll(async () => {
  await running?.close();
});

it("a command repeated with its --idempotency-key answers the first answer again; another body is refused", async () => {
  const env = operatorEnv(running.world);
  const hold = ["hold", "--reason", "INC-7", "--idempotency-key", "inc-7-hold", "--json"];
  const first = await cli(hold, env);
  const again = await cli(hold, env);
  expect(first.code).toBe(0);
  expect(again.code).toBe(0);
  // Without the key, a second hold would answer no_change: this is the first answer, kept.
  expect(JSON.parse(again.stdout)).toEqual(JSON.parse(first.stdout));
  expect(JSON.parse(again.stdout)).toMatchObject({ decision: "on_hold" });

  const other = await cli(["hold", "--reason", "another reason", "--idempotency-key", "inc-7-hold"], env);
  expect(other.code).toBe(1);
  expect(other.stderr).toContain("refused (422 idempotency_key_reused)");
  const events = JSON.parse((await cli(["events", "--json"], env)).stdout) as { events: { kind: string }[] };
  expect(events.events.map((event) => event.kind)).toEqual(["hold_set"]);
});
