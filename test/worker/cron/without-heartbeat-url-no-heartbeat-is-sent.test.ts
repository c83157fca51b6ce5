import { reset } from "cloudflare:test";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { outside } from "../support/outside";
import { captureConsole, cronRun } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

afterEach(() => {
  vi.restoreAllMocks();
});

it("sends no request when HEARTBEAT_URL is not set", async () => {
  await cronRun({ HEARTBEAT_URL: undefined });
  await cronRun({ HEARTBEAT_URL: "  " });
  expect(await outside.requests()).toEqual([]);
});

it("sends no request to a HEARTBEAT_URL the URL rule refuses, and names it without its value", async () => {
  const lines = captureConsole();
  // Plain http off loopback: refused by the configuration before anything could be sent.
  await cronRun({ HEARTBEAT_URL: "http://heartbeat.invalid/ping/refused-token-123" });
  expect(await outside.requests()).toEqual([]);
  const problem = lines.map((line) => JSON.parse(line)).find((line) => line.name === "HEARTBEAT_URL");
  expect(problem).toMatchObject({ level: "error", event: "config_problem" });
  expect(lines.join("\n")).not.toContain("refused-token-123");
  expect(lines.join("\n")).not.toContain("heartbeat.invalid");
});
