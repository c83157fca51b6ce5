import { describe, expect, it } from "vitest";
import { importSecret, sign, verifySignature } from "../../../worker/protocol";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
const NOW = 1_800_000_000;
const body = new TextEncoder().encode('{"event":"x"}');

async function signed(secret = SECRET, timestamp = String(NOW)) {
  return { id: "msg_1", timestamp, signature: await sign(await importSecret(secret), "msg_1", timestamp, body) };
}

describe("verifySignature", () => {
  it("accepts a delivery signed with any of several secrets (rotation)", async () => {
    const keys = [await importSecret(OTHER), await importSecret(SECRET)];
    expect(await verifySignature(keys, await signed(SECRET), body, NOW)).toBeNull();
    expect(await verifySignature(keys, await signed(OTHER), body, NOW)).toBeNull();
  });

  it("accepts a header carrying several signatures when one matches", async () => {
    const keys = [await importSecret(SECRET)];
    const good = await signed(SECRET);
    const bad = await signed(OTHER);
    const headers = { ...good, signature: `${bad.signature} v1a,abc ${good.signature}` };
    expect(await verifySignature(keys, headers, body, NOW)).toBeNull();
  });

  it("refuses a header of several signatures when none matches", async () => {
    const keys = [await importSecret(SECRET)];
    const bad = await signed(OTHER);
    const headers = { ...bad, signature: `${bad.signature} v1,${"A".repeat(43)}=` };
    expect(await verifySignature(keys, headers, body, NOW)).toBe("invalid_signature");
  });

  it("refuses a signature under another secret", async () => {
    expect(await verifySignature([await importSecret(SECRET)], await signed(OTHER), body, NOW)).toBe(
      "invalid_signature",
    );
  });

  it("verifies the raw bytes, so re-serialised JSON does not pass", async () => {
    const headers = await signed();
    const spaced = new TextEncoder().encode('{"event": "x"}');
    expect(await verifySignature([await importSecret(SECRET)], headers, spaced, NOW)).toBe("invalid_signature");
  });

  it.each([
    ["digits with trailing junk", `${NOW}abc`],
    ["a decimal", `${NOW}.5`],
    ["a negative number", `-${NOW}`],
    ["an ISO date", "2026-11-28T08:00:00Z"],
    ["spaces", ` ${NOW}`],
    ["empty", ""],
  ])("refuses a timestamp that is %s", async (_name, timestamp) => {
    const headers = { ...(await signed()), timestamp };
    expect(await verifySignature([await importSecret(SECRET)], headers, body, NOW)).toBe("invalid_timestamp");
  });

  it.each([
    ["empty", ""],
    ["an unknown scheme", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="],
    ["bad base64", "v1,not*base64!"],
    ["truncated", "v1,g0hM9SsE+OTPJTGt"],
    ["without a scheme", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="],
    ["over-long", `v1,${"A".repeat(2000)}`],
  ])("refuses a signature that is %s", async (_name, signature) => {
    const headers = { ...(await signed()), signature };
    expect(await verifySignature([await importSecret(SECRET)], headers, body, NOW)).toBe("invalid_signature");
  });

  it("refuses non-ASCII text of a v1 entry's length without throwing", async () => {
    const headers = await signed();
    const signature = `v1,${"é".repeat(43)}=`;
    expect(signature).toHaveLength(headers.signature.length);
    expect(await verifySignature([await importSecret(SECRET)], { ...headers, signature }, body, NOW)).toBe(
      "invalid_signature",
    );
  });

  it("compares the canonical base64 text: the right MAC with its padding bits set is refused", async () => {
    const headers = await signed();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = alphabet.indexOf(headers.signature.at(-2) ?? "");
    const signature = `${headers.signature.slice(0, -2)}${alphabet[last | 1]}=`;
    expect(signature).not.toBe(headers.signature);
    expect(atob(signature.slice(3))).toBe(atob(headers.signature.slice(3)));
    expect(await verifySignature([await importSecret(SECRET)], { ...headers, signature }, body, NOW)).toBe(
      "invalid_signature",
    );
  });

  it("refuses missing headers before any HMAC", async () => {
    const keys = [await importSecret(SECRET)];
    expect(await verifySignature(keys, { id: null, timestamp: String(NOW), signature: "v1,x" }, body, NOW)).toBe(
      "missing_signature_headers",
    );
  });

  it("refuses a webhook-id with spaces or over 256 characters", async () => {
    const keys = [await importSecret(SECRET)];
    const headers = await signed();
    expect(await verifySignature(keys, { ...headers, id: "a b" }, body, NOW)).toBe("invalid_webhook_id");
    expect(await verifySignature(keys, { ...headers, id: "a".repeat(257) }, body, NOW)).toBe("invalid_webhook_id");
  });
});
