import { Webhook } from "standardwebhooks";
import { expect, it } from "vitest";
import { importSecret, signatureHeaders, verifySignature } from "../../../worker/protocol";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const payload = JSON.stringify({ event: "staging_deployment_complete", commit_sha: "a".repeat(40), note: "ünïcode ✓" });

it("accepts what the standardwebhooks library signs", async () => {
  const now = new Date();
  const signature = new Webhook(SECRET).sign("msg_library", now, payload);
  const failure = await verifySignature(
    [await importSecret(SECRET)],
    { id: "msg_library", timestamp: String(Math.floor(now.getTime() / 1000)), signature },
    new TextEncoder().encode(payload),
    Math.floor(now.getTime() / 1000),
  );
  expect(failure).toBeNull();
});

it("signs what the standardwebhooks library verifies", async () => {
  const headers = await signatureHeaders(
    [await importSecret(SECRET)],
    "msg_ours",
    Math.floor(Date.now() / 1000),
    new TextEncoder().encode(payload),
  );
  expect(new Webhook(SECRET).verify(payload, headers)).toEqual(JSON.parse(payload));
});
