import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { answer, FULL, testDeps } from "./support/deps";

it("rollback --to <prefix> resolves it against the record, then sends the full SHA the route takes", async () => {
  const test = testDeps((sent) =>
    sent.method === "GET"
      ? answer(200, { sha: FULL, staging: null, production: { status: "retired" }, events: [] })
      : answer(202, { decision: "dispatch_queued", deployment: { sha: FULL }, pipeline: {} }),
  );
  expect(await run(["rollback", "--to", FULL.slice(0, 7).toUpperCase(), "--reason", "INC-9"], test.deps)).toBe(0);
  expect(test.sent).toMatchObject([
    { method: "GET", url: `https://internalbf.example.com/deployments/${FULL.slice(0, 7)}`, body: null },
    { method: "POST", url: "https://internalbf.example.com/rollback", body: { reason: "INC-9", to: FULL } },
  ]);
});

it("a prefix the record does not know exits 1 with the server's message, and nothing is rolled back", async () => {
  const test = testDeps(() =>
    answer(404, {
      error: { code: "unknown_commit", message: "internalbf has no record of a commit starting with 0123456" },
    }),
  );
  expect(await run(["rollback", "--to", "0123456", "--reason", "INC-9"], test.deps)).toBe(1);
  expect(test.sent.map((sent) => sent.method)).toEqual(["GET"]);
  expect(test.stderr()).toContain(
    "refused (404 unknown_commit): internalbf has no record of a commit starting with 0123456",
  );
});
