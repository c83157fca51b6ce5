// The 401 answers to a Standard Webhooks signature that does not verify, made once: answering a
// forgery builds no error object.
import type { ErrorBody, SignatureFailure } from "../protocol";

const SIGNATURE_MESSAGES = {
  missing_signature_headers: "webhook-id, webhook-timestamp and webhook-signature headers are required",
  invalid_webhook_id: "webhook-id must be 1 to 256 printable ASCII characters",
  invalid_timestamp: "webhook-timestamp must be unix seconds (digits only)",
  timestamp_out_of_tolerance: "webhook-timestamp is more than 300 s from internalbf's clock (a replay, or a clock off)",
  invalid_signature: "no webhook-signature entry matches: the signing secret does not match WEBHOOK_AUTH_TOKEN",
} as const;

/** The error body of each signature failure. */
export const SIGNATURE_REFUSALS = Object.fromEntries(
  Object.entries(SIGNATURE_MESSAGES).map(([code, message]) => [code, { error: { code, message } }]),
) as Readonly<Record<SignatureFailure, ErrorBody>>;
