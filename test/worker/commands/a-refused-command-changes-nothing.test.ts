import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { goLive } from "../support/flow";
import { sha } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";
import { send } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
  await goLive(1);
});

it.each<[string, string, Record<string, unknown>, number, string, RegExp]>([
  [
    "a promote of the live commit",
    `/deployments/${sha(1).slice(0, 7)}/promote`,
    {},
    409,
    "not_allowed",
    /already live/,
  ],
  ["a rollback with nothing earlier live", "/rollback", {}, 409, "not_allowed", /nothing earlier was live/],
  [
    "an abandon of a commit outside the slot",
    `/deployments/${sha(1)}/abandon`,
    {},
    409,
    "not_allowed",
    /does not hold the production slot/,
  ],
  [
    "a retry of a commit that did not fail to dispatch",
    `/deployments/${sha(1)}/retry`,
    {},
    409,
    "not_allowed",
    /not dispatch_failed/,
  ],
  ["a command without a reason", "/hold", { reason: "" }, 400, "invalid_payload", /invalid field/],
  ["a command by ADMIN_TOKEN without an actor", "/hold", { actor: undefined }, 400, "invalid_payload", /invalid field/],
  ["a freeze until a time past", "/freeze", { until: "2020-01-01T00:00:00Z" }, 409, "not_allowed", /past/],
  [
    "a command about an unknown commit",
    `/deployments/${"f".repeat(40)}/block`,
    {},
    404,
    "unknown_commit",
    /has no record of/,
  ],
])("%s is refused and changes nothing", async (_name, path, body, status, code, message) => {
  await expectNoChange(async () => {
    const response = await send("POST", path, body);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe(code);
    expect(answer.error.message).toMatch(message);
  });
});
