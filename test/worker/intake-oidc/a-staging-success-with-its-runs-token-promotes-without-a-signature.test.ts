import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { issuer, oidcEnv, send, tokenFor } from "./support/oidc";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
});

it("accepts a staging success carrying its run's OIDC token and no signature, and dispatches production", async () => {
  const success = notification({ commit_sha: sha(21), run_id: 7001, run_attempt: 1 });
  // No WEBHOOK_AUTH_TOKEN at all: NOTIFICATION_AUTH=oidc needs none.
  const response = await send(success, oidcEnv("oidc", { WEBHOOK_AUTH_TOKEN: undefined }), {
    token: await tokenFor(success),
  });
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ decision: "production_dispatch_queued" });
  await settled();
  expect(await outside.dispatched()).toEqual([sha(21)]);
});

it("answers a repeated webhook-id with the first answer, as a signed delivery's", async () => {
  const success = notification({ commit_sha: sha(22), run_id: 7002, run_attempt: 1 });
  const bindings = oidcEnv("oidc");
  const first = await send(success, bindings, { token: await tokenFor(success), id: "msg_oidc_repeat" });
  expect(first.status).toBe(202);
  const again = await send(success, bindings, { token: await tokenFor(success), id: "msg_oidc_repeat" });
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual(await first.json());
});

it("takes the signature headers of a notification as nothing in oidc mode: a wrong signature is not looked at", async () => {
  const success = notification({ commit_sha: sha(23), run_id: 7003, run_attempt: 1 });
  const response = await send(success, oidcEnv("oidc"), {
    token: await tokenFor(success),
    signed: "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==",
  });
  expect(response.status).toBe(202);
});
