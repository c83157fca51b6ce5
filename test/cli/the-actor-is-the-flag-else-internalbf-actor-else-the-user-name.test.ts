import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { answer, testDeps } from "./support/deps";

const accepted = () => answer(202, { decision: "on_hold", deployment: null, pipeline: {} });

it.each([
  ["--actor", ["--actor", "bo@example.com"], { INTERNALBF_ACTOR: "ana@example.com" }, "bo@example.com"],
  ["INTERNALBF_ACTOR", [], { INTERNALBF_ACTOR: "ana@example.com" }, "ana@example.com"],
  ["the OS user name", [], {}, "ana"],
])("with the admin token, the body's actor comes from %s", async (_from, args, env, actor) => {
  const test = testDeps(accepted, env);
  expect(await run(["hold", "--reason", "INC-7: checkout broken", ...args], test.deps)).toBe(0);
  expect(test.sent).toMatchObject([
    { method: "POST", url: "https://internalbf.example.com/hold", body: { reason: "INC-7: checkout broken", actor } },
  ]);
  expect(test.sent[0]?.headers.get("content-type")).toBe("application/json");
});

it("a read sends no body, whatever --actor says", async () => {
  const test = testDeps(() => answer(200, {}));
  expect(await run(["status", "--actor", "bo"], test.deps)).toBe(0);
  expect(test.sent).toMatchObject([{ method: "GET", body: null }]);
});
