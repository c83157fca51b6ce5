import { decodeBase64 } from "./base64";

const PREFIX = "whsec_";

/** The HMAC key of a Standard Webhooks secret (`whsec_<base64>`); throws TypeError when malformed. */
export function secretKeyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  const bytes = decodeBase64(encoded);
  if (bytes === null || bytes.length < 16) {
    throw new TypeError("a signing secret must be whsec_ followed by base64 of at least 16 bytes");
  }
  return bytes;
}

/** Splits a secret list given as one value (whitespace- or comma-separated), dropping empties. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter((part) => part.length > 0);
}

/** Imports a secret as an HMAC-SHA256 key for signing and verifying. */
export function importSecret(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", secretKeyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}
