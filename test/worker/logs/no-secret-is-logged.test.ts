import { reset } from "cloudflare:test";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { ADMIN_TOKEN, ALERT_SECRET, GITHUB_TOKEN, SECOND_SECRET, SECRET } from "../support/bindings";
import { decisionOf, goLive } from "../support/flow";
import { get, notification, post, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

const lines: string[] = [];

beforeEach(async () => {
  await reset();
  await outside.reset();
  lines.length = 0;
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

it("logs one JSON object a line, and never a secret, token or signature", async () => {
  const signatures: string[] = [];
  const capture = async (response: Response) => {
    signatures.push(response.headers.get("webhook-signature") ?? "");
    return response;
  };
  await goLive(1);
  await capture(
    await post(notification({ commit_sha: sha(2) }), { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" }),
  );
  await capture(await post(notification({ commit_sha: sha(2) }), { timestamp: 1 }));
  await decisionOf(notification({ commit_sha: sha(3), status: "failure" }));
  await get("/pipeline", "wrong-token");
  await get("/pipeline", ADMIN_TOKEN);
  await settled();

  expect(lines.length).toBeGreaterThan(5);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  const everything = lines.join("\n");
  for (const secret of [SECRET, SECOND_SECRET, ALERT_SECRET, ADMIN_TOKEN, GITHUB_TOKEN]) {
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.replace("whsec_", ""));
  }
  const sent = await outside.requests();
  for (const request of sent) {
    const signature = request.headers["webhook-signature"];
    if (signature !== undefined) expect(everything).not.toContain(signature.slice(3));
    const authorization = request.headers.authorization;
    if (authorization !== undefined) expect(everything).not.toContain(authorization);
  }
  expect(everything).not.toMatch(/v1,[A-Za-z0-9+/]{20,}/);
});

it("logs a flood of forgeries as at most one short line per window", async () => {
  for (let i = 0; i < 20; i++) {
    const response = await post(notification(), { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" });
    expect(response.status).toBe(401);
  }
  expect(lines.length).toBeLessThanOrEqual(1);
  for (const line of lines) {
    expect(JSON.parse(line)).toEqual({
      level: "warn",
      event: "notification_refused",
      status: 401,
      code: "invalid_signature",
      not_logged_before: expect.any(Number),
    });
  }
});
