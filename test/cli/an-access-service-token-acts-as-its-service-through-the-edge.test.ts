import { afterAll, beforeAll, expect, it } from "vitest";
import { run } from "../../cli/main";
import { startWorld, type World } from "../reliability/support/world";
import { NOTHING_SENT, testDeps } from "./support/deps";
import { ACCESS_AUD, accessEdge } from "./support/edge";

let world: World;
const TOKEN = { clientId: "4f1c2b3a5d6e7f80.access", clientSecret: "0f9e8d7c6b5a49382716a5b4c3d2e1f0" };

beforeAll(async () => {
  world = await startWorld({ vars: (fake) => ({ ACCESS_TEAM_DOMAIN: fake, ACCESS_AUD }) });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

it("with an Access service token, the edge's JWT names the operator service:<client id> on the record", async () => {
  const edge = accessEdge(() => world.worker().url, world.fake.url, TOKEN);
  const env = {
    INTERNALBF_URL: "https://internalbf.example.com",
    INTERNALBF_ADMIN_TOKEN: "",
    INTERNALBF_ACCESS_CLIENT_ID: TOKEN.clientId,
    INTERNALBF_ACCESS_CLIENT_SECRET: TOKEN.clientSecret,
    INTERNALBF_ACTOR: "not-recorded",
  };
  // The network is the edge: testDeps' own fetch is set aside.
  const hold = testDeps(NOTHING_SENT, env);
  expect(await run(["hold", "--reason", "nightly batch"], { ...hold.deps, fetch: edge })).toBe(0);
  expect(hold.stdout()).toMatch(/^decision\s+on_hold$/m);

  const events = testDeps(NOTHING_SENT, env);
  expect(await run(["events", "--json"], { ...events.deps, fetch: edge })).toBe(0);
  const trail = JSON.parse(events.stdout()) as {
    events: { kind: string; actor: string; via: string; reason: string }[];
  };
  expect(trail.events[0]).toMatchObject({
    actor: `service:${TOKEN.clientId}`,
    via: "access",
    reason: "nightly batch",
  });
});
