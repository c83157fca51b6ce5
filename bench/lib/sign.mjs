// Standard Webhooks signing for load generation, with node:crypto (synchronous and cheap, so tens of
// thousands of unique deliveries can be signed just before a run). run.mjs checks once that these
// signatures equal worker/protocol's signatureHeaders, so the wire contract is not written twice in
// anything but speed.
import { createHash, createHmac } from "node:crypto";

export const REPOSITORY = "bolt-foundry/monorepo";

/** The HMAC key of a `whsec_<base64>` secret. */
export function keyOf(secret) {
  return Buffer.from(secret.replace(/^whsec_/, ""), "base64");
}

/** The three signature headers of one delivery. */
export function signHeaders(key, id, timestampSeconds, body) {
  const timestamp = String(timestampSeconds);
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${mac}` };
}

/** A deterministic, distinct 40-hex commit sha for (label, i). */
export function shaOf(label, i) {
  return createHash("sha1").update(`${label}:${i}`).digest("hex");
}

/** A notification body (the wire contract's shape). */
export function notificationBody(event, sha, extra = {}) {
  return JSON.stringify({
    event,
    commit_sha: sha,
    timestamp: new Date().toISOString(),
    repository: REPOSITORY,
    run_id: 4_000_000 + (Number.parseInt(sha.slice(0, 7), 16) % 1_000_000),
    run_attempt: 1,
    run_number: 1,
    run_url: `https://github.com/${REPOSITORY}/actions/runs/1`,
    actor: "bench",
    ref: "refs/heads/main",
    ...extra,
  });
}

/** One signed request, ready for fetch or autocannon. */
export function signedRequest(key, event, path, id, sha, extra = {}) {
  const body = notificationBody(event, sha, extra);
  return {
    method: "POST",
    path,
    body,
    headers: { "content-type": "application/json", ...signHeaders(key, id, Math.floor(Date.now() / 1000), body) },
  };
}
