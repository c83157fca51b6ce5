import { reset } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { intake } from "../../../worker/intake/handler";
import { pathOf } from "../../../worker/router";
import { REPOSITORY } from "../support/bindings";
import { notification, post } from "../support/notify";
import { outside } from "../support/outside";
import { expectNoChange } from "../support/state";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: unknown[] } };
  return { status: response.status, ...body.error };
}

describe("the path a request is routed by", () => {
  it("is the URL's path as sent, without its query", () => {
    expect(pathOf("https://internalbf.test/deployment/staging/started")).toBe("/deployment/staging/started");
    expect(pathOf("https://internalbf.test/deployment/staging/started?via=proxy")).toBe("/deployment/staging/started");
    expect(pathOf("http://127.0.0.1:8787/deployments?limit=5")).toBe("/deployments");
    expect(pathOf("https://internalbf.test")).toBe("/");
    expect(pathOf("https://internalbf.test/?x=/y")).toBe("/");
  });

  it("takes a notification posted with a query string as that notification", async () => {
    const response = await post(notification(), { path: "/deployment/staging/complete?via=proxy" });
    expect(response.status).toBe(202);
  });

  it("is parsed as a URL for anything that is not exactly an intake path", async () => {
    const response = await post(notification(), { path: "/deployment/staging/%63omplete" });
    expect(await errorOf(response)).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("the intake answers in the contract's order", () => {
  it("404 for an unknown path, as JSON", async () => {
    const response = await post(notification(), { path: "/deployment/qa/complete" });
    expect(await errorOf(response)).toMatchObject({ status: 404, code: "not_found" });
  });

  it("405 with Allow for another method on an intake path", async () => {
    const response = await exports.default.fetch("https://internalbf.test/deployment/staging/complete");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await errorOf(response)).code).toBe("method_not_allowed");
  });

  it("413 for a declared oversize body, before anything is read or verified", async () => {
    const response = await post(notification(), {
      headers: { "content-length": String(64 * 1024 + 1), "content-type": "text/plain", "webhook-signature": "junk" },
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("413 for an oversize body that declares no length (streamed)", async () => {
    const big = new TextEncoder().encode(JSON.stringify({ ...notification(), pad: "x".repeat(70_000) }));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    const response = await exports.default.fetch("https://internalbf.test/deployment/staging/complete", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
    });
    expect(await errorOf(response)).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  it("415 for a body that is not declared JSON, before the signature is looked at", async () => {
    const response = await post(notification(), {
      headers: { "content-type": "text/plain", "webhook-signature": "x" },
    });
    expect(await errorOf(response)).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("503 when no valid signing secret is configured, before the signature", async () => {
    const request = new Request("https://internalbf.test/deployment/staging/complete", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(notification()),
    });
    const unconfigured = { ...env, WEBHOOK_AUTH_TOKEN: "not-a-secret" } as Env;
    await expect(intake(request, unconfigured, "staging_deployment_complete")).rejects.toMatchObject({
      status: 503,
      code: "intake_not_configured",
    });
  });

  it("401 for a wrong secret, naming the secret as the likely cause", async () => {
    const response = await post(notification(), { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" });
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 401, code: "invalid_signature" });
    expect(error.message).toMatch(/secret/);
  });

  it("401 for a stale timestamp", async () => {
    const response = await post(notification(), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await errorOf(response)).toMatchObject({ status: 401, code: "timestamp_out_of_tolerance" });
  });

  it("400 with every field error, under a valid signature", async () => {
    const response = await post(notification({ commit_sha: "nope", status: "green" }));
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 400, code: "invalid_payload" });
    expect(error.fields).toEqual([
      { field: "status", message: expect.any(String) },
      { field: "commit_sha", message: expect.any(String) },
    ]);
  });

  it("400 when the body's event does not match the path", async () => {
    const response = await post(notification({ event: "production_deployment_complete" }), {
      path: "/deployment/staging/complete",
    });
    const error = await errorOf(response);
    expect(error.status).toBe(400);
    expect(error.fields).toEqual([{ field: "event", message: "must be staging_deployment_complete on this path" }]);
  });

  it("400 for malformed JSON and for invalid UTF-8 under a valid signature", async () => {
    expect((await errorOf(await post(null, { body: '{"event":' }))).status).toBe(400);
    expect((await errorOf(await post(null, { body: new Uint8Array([0x7b, 0xff, 0x7d]) }))).status).toBe(400);
  });

  it("403 for another repository", async () => {
    const response = await post(notification({ repository: "someone/else" }));
    const error = await errorOf(response);
    expect(error).toMatchObject({ status: 403, code: "wrong_repository" });
    expect(error.message).toContain(REPOSITORY);
  });
});

describe("a refused request changes nothing", () => {
  it.each([
    ["a wrong secret", () => post(notification(), { secret: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==" })],
    ["a stale timestamp", () => post(notification(), { timestamp: 1 })],
    ["an invalid payload", () => post(notification({ commit_sha: "A".repeat(40) }))],
    ["another repository", () => post(notification({ repository: "someone/else" }))],
    ["a wrong content type", () => post(notification(), { headers: { "content-type": "text/plain" } })],
  ])("%s", async (_name, send) => {
    await expectNoChange(async () => {
      const response = await send();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  });
});
