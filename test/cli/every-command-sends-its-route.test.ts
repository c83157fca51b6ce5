import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { answer, FULL, testDeps } from "./support/deps";

const P = FULL.slice(0, 7);
const R = ["--reason", "INC-7"];

// argv → method, path and body (null for a read) the API gets.
const ROUTES: [string[], string, string, Record<string, string> | null][] = [
  [["status"], "GET", "/pipeline", null],
  [["history"], "GET", "/deployments", null],
  [
    ["history", "--environment", "production", "--status", "live", "--limit", "5", "--cursor", "42"],
    "GET",
    "/deployments?environment=production&status=live&limit=5&cursor=42",
    null,
  ],
  [["show", P], "GET", `/deployments/${P}`, null],
  [["events", "--sha", P.toUpperCase(), "--limit", "3"], "GET", `/events?sha=${P}&limit=3`, null],
  [["promote", P, ...R], "POST", `/deployments/${P}/promote`, { reason: "INC-7", actor: "ana" }],
  [["rollback", ...R], "POST", "/rollback", { reason: "INC-7", actor: "ana" }],
  [["rollback", "--to", FULL, ...R], "POST", "/rollback", { reason: "INC-7", actor: "ana", to: FULL }],
  [["hold", ...R], "POST", "/hold", { reason: "INC-7", actor: "ana" }],
  [["release", ...R], "DELETE", "/hold", { reason: "INC-7", actor: "ana" }],
  [
    ["freeze", "--until", "2026-12-02T08:00:00Z", ...R],
    "POST",
    "/freeze",
    { reason: "INC-7", actor: "ana", until: "2026-12-02T08:00:00Z" },
  ],
  [["unfreeze", ...R], "DELETE", "/freeze", { reason: "INC-7", actor: "ana" }],
  [["block", FULL, ...R], "POST", `/deployments/${FULL}/block`, { reason: "INC-7", actor: "ana" }],
  [["unblock", P, ...R], "DELETE", `/deployments/${P}/block`, { reason: "INC-7", actor: "ana" }],
  [["retry", P, ...R], "POST", `/deployments/${P}/retry`, { reason: "INC-7", actor: "ana" }],
  [["abandon", P, ...R], "POST", `/deployments/${P}/abandon`, { reason: "INC-7", actor: "ana" }],
  [["emergency", FULL, ...R], "POST", `/deployments/${FULL}/emergency`, { reason: "INC-7", actor: "ana" }],
];

it.each(ROUTES)("internalbf %j sends %s %s", async (argv, method, path, body) => {
  const test = testDeps(() => answer(method === "GET" ? 200 : 202, {}));
  expect(await run(argv, test.deps)).toBe(0);
  expect(test.sent).toEqual([expect.objectContaining({ method, url: `https://internalbf.example.com${path}`, body })]);
  const headers = test.sent[0]?.headers;
  expect(headers?.get("accept")).toBe("application/json");
  expect(headers?.get("content-type")).toBe(body === null ? null : "application/json");
});

it("--idempotency-key goes as the Idempotency-Key header", async () => {
  const test = testDeps(() => answer(202, {}));
  expect(await run(["hold", ...R, "--idempotency-key", "inc-7-hold"], test.deps)).toBe(0);
  expect(test.sent[0]?.headers.get("idempotency-key")).toBe("inc-7-hold");
});
