import { encodeBase64 } from "./base64";

const encoder = new TextEncoder();

/** The bytes Standard Webhooks signs: `${id}.${timestamp}.` followed by the raw body. */
export function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}

/** The `v1,<base64>` signature of one delivery under one key. */
export async function sign(key: CryptoKey, id: string, timestamp: string, body: Uint8Array): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key, signedContent(id, timestamp, body));
  return `v1,${encodeBase64(new Uint8Array(mac))}`;
}

/** The three Standard Webhooks headers of a delivery, signed with every key given (rotation). */
export async function signatureHeaders(
  keys: readonly CryptoKey[],
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
  const timestamp = String(timestampSeconds);
  const signatures = await Promise.all(keys.map((key) => sign(key, id, timestamp, body)));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": signatures.join(" "),
  };
}
