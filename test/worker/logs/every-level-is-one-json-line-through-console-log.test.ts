import { reset } from "cloudflare:test";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { type Level, log } from "../../../worker/log";
import { decisionOf, runFor, startOf } from "../support/flow";
import { notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

const METHODS = ["log", "info", "warn", "error", "debug"] as const;
type Method = (typeof METHODS)[number];

let calls: { method: Method; args: unknown[] }[] = [];

beforeEach(async () => {
  await reset();
  await outside.reset();
  calls = [];
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push({ method, args });
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Each call as the one JSON object it must be: one string argument, through console.log. */
function lines(): Record<string, unknown>[] {
  return calls.map(({ method, args }) => {
    expect(method).toBe("log");
    expect(args).toHaveLength(1);
    const [line] = args;
    expect(typeof line).toBe("string");
    expect(String(line)).not.toContain("\n");
    return JSON.parse(String(line)) as Record<string, unknown>;
  });
}

it.each<Level>(["debug", "info", "warn", "error"])(
  "writes a %s line through console.log, its level a field",
  (level) => {
    log(level, "something_happened", { sha: sha(1), attempt: 2, final: false, error: null });
    expect(lines()).toEqual([
      { level, event: "something_happened", sha: sha(1), attempt: 2, final: false, error: null },
    ]);
  },
);

it("logs an intake refusal (a bad signature) and a gate rejection at warn, through console.log", async () => {
  const forged = await post(notification(), { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" });
  expect(forged.status).toBe(401);

  // 1 passed staging and its dispatched run is approved; a hand-run of 2, which never did, is not.
  await decisionOf(notification({ commit_sha: sha(1) }));
  await settled();
  expect(await decisionOf(startOf(await runFor(1)))).toBe("approved");
  expect(await decisionOf(startOf(await outside.handRun(sha(2))))).toBe("rejected");

  const written = lines();
  const refused = written.filter((line) => line.event === "notification_refused");
  expect(refused).toEqual([expect.objectContaining({ level: "warn", status: 401, code: "invalid_signature" })]);
  const rejected = written.filter((line) => line.decision === "rejected");
  expect(rejected).toEqual([expect.objectContaining({ level: "warn", reason: expect.any(String) })]);
  const approved = written.filter((line) => line.decision === "approved");
  expect(approved).toEqual([expect.objectContaining({ level: "info" })]);
});

it("logs a signed notification refused for its fields at warn, naming the fields and not their values", async () => {
  const response = await post(notification({ commit_sha: "not-a-sha-SECRETISH" }));
  expect(response.status).toBe(400);
  const refused = lines().filter((line) => line.event === "notification_refused");
  expect(refused).toEqual([
    {
      level: "warn",
      event: "notification_refused",
      status: 400,
      code: "invalid_payload",
      notification: "staging_deployment_complete",
      fields: "commit_sha",
    },
  ]);
  expect(JSON.stringify(calls)).not.toContain("SECRETISH");
});
