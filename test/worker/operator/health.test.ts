import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { health } from "../../../worker/operator/health";
import { ADMIN_TOKEN, GITHUB_TOKEN, SECRET } from "../support/bindings";

it("answers 200 when bindings answer and the configuration is complete", async () => {
  const response = await exports.default.fetch("https://internalbf.test/health");
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", warnings: [] });
});

it("answers 503 naming a missing or malformed secret, never a value", async () => {
  const broken = { ...env, WEBHOOK_AUTH_TOKEN: "", NOTIFICATION_ENDPOINTS: "ftp://example.com" } as Env;
  const response = await health(broken);
  expect(response.status).toBe(503);
  const text = await response.text();
  expect(text).toContain("WEBHOOK_AUTH_TOKEN");
  expect(text).toContain("NOTIFICATION_ENDPOINTS");
  for (const secret of [SECRET, ADMIN_TOKEN, GITHUB_TOKEN]) expect(text).not.toContain(secret);
});

it("warns, and stays up, when there is no GitHub token (a worker that records but never dispatches)", async () => {
  const recordOnly = { ...env, GITHUB_TOKEN: undefined, ALERT_SIGNING_SECRET: undefined } as unknown as Env;
  const response = await health(recordOnly);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { status: string; warnings: { name: string }[] };
  expect(body.status).toBe("degraded");
  expect(body.warnings.map((warning) => warning.name)).toEqual(["GITHUB_TOKEN", "ALERT_SIGNING_SECRET"]);
});

it("refuses an alert signing secret equal to the intake secret", async () => {
  const response = await health({ ...env, ALERT_SIGNING_SECRET: SECRET } as Env);
  expect(response.status).toBe(503);
  expect(await response.text()).toContain("must differ");
});
