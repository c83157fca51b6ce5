import { decodeBase64 } from "./base64";
import { signedContent } from "./sign";

/** Why a delivery's signature was refused; each is a 401 with its own stable code. */
export type SignatureFailure =
  | "missing_signature_headers"
  | "invalid_webhook_id"
  | "invalid_timestamp"
  | "timestamp_out_of_tolerance"
  | "invalid_signature";

export interface SignedHeaders {
  readonly id: string | null;
  readonly timestamp: string | null;
  readonly signature: string | null;
}

/** Seconds a delivery's timestamp may be from the receiver's clock, either way. */
export const TOLERANCE_SECONDS = 300;
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_HEADER = 1024;
const MAC_BYTES = 32;

/**
 * Verifies a Standard Webhooks v1 delivery against any of `keys` (rotation). Cheap checks run
 * first, so a forged delivery costs one HMAC per key at most; comparisons are constant-time.
 */
export async function verifySignature(
  keys: readonly CryptoKey[],
  headers: SignedHeaders,
  body: Uint8Array,
  nowSeconds: number,
): Promise<SignatureFailure | null> {
  const { id, timestamp, signature } = headers;
  if (id === null || timestamp === null || signature === null) return "missing_signature_headers";
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !/^[\x21-\x7e]+$/.test(id)) {
    return "invalid_webhook_id";
  }
  if (!/^[0-9]{1,12}$/.test(timestamp)) return "invalid_timestamp";
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) {
    return "timestamp_out_of_tolerance";
  }
  if (signature.length > MAX_SIGNATURE_HEADER) return "invalid_signature";
  const candidates = v1Signatures(signature);
  if (candidates.length === 0) return "invalid_signature";
  const content = signedContent(id, timestamp, body);
  for (const key of keys) {
    const expected = new Uint8Array(await crypto.subtle.sign("HMAC", key, content));
    for (const candidate of candidates) if (equalInConstantTime(expected, candidate)) return null;
  }
  return "invalid_signature";
}

/** The decoded `v1,` entries of a signature header; other versions and malformed entries are dropped. */
function v1Signatures(header: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  for (const entry of header.split(" ")) {
    if (!entry.startsWith("v1,")) continue;
    const bytes = decodeBase64(entry.slice(3));
    if (bytes !== null && bytes.length === MAC_BYTES) found.push(bytes);
  }
  return found;
}

/** Compares two MACs without an early exit, so timing reveals nothing of where they differ. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
