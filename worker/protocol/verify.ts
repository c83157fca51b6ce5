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
/** A `v1,` entry: the scheme, then the padded base64 of a 32-byte HMAC-SHA256. */
const V1_ENTRY_LENGTH = "v1,".length + 44;
/** Padding required and unused bits zero: only the canonical base64 of a MAC decodes. */
const CANONICAL = { lastChunkHandling: "strict" } as const;

/** Runtime APIs of Workers that the TypeScript library used here does not declare. */
type Base64Decoder = { fromBase64(text: string, options: typeof CANONICAL): Uint8Array<ArrayBuffer> };
type WorkersSubtle = typeof crypto.subtle & {
  timingSafeEqual(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean;
};

/**
 * Verifies a Standard Webhooks v1 delivery against any of `keys` (rotation). Cheap checks run
 * first, so a forged delivery costs one HMAC per key at most; comparisons are constant-time. The
 * decoding, the HMAC and the comparison are the runtime's own (fromBase64, subtle.verify,
 * timingSafeEqual), so a refusal is cheap in any V8 tier (BENCHMARKS.md, "Why the hot paths look
 * as they do").
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
  const macs = v1Macs(signature);
  if (macs.length === 0) return "invalid_signature";
  const content = signedContent(id, timestamp, body);
  const only = macs.length === 1 ? macs[0] : undefined;
  for (const key of keys) {
    if (only !== undefined) {
      if (await crypto.subtle.verify("HMAC", key, only, content)) return null;
      continue;
    }
    const expected = await crypto.subtle.sign("HMAC", key, content);
    for (const mac of macs) if ((crypto.subtle as WorkersSubtle).timingSafeEqual(expected, mac)) return null;
  }
  return "invalid_signature";
}

/**
 * The MACs of the header's `v1,` entries; entries of another scheme, and any that is not the
 * canonical base64 of 32 bytes, are dropped.
 */
function v1Macs(header: string): Uint8Array<ArrayBuffer>[] {
  const found: Uint8Array<ArrayBuffer>[] = [];
  for (const entry of header.split(" ")) {
    if (entry.length !== V1_ENTRY_LENGTH || !entry.startsWith("v1,")) continue;
    try {
      const mac = (Uint8Array as unknown as Base64Decoder).fromBase64(entry.slice(3), CANONICAL);
      if (mac.length === MAC_BYTES) found.push(mac);
    } catch {
      // not base64: never a match
    }
  }
  return found;
}
