// Pure: which credentials a notification must have verified, by NOTIFICATION_AUTH and by what it
// carries. The rule for `either`: whatever is presented must verify, and at least one must be; so
// a good signature never excuses a bad token, nor a good token a bad signature.
import type { NotificationAuthMode } from "./settings";

/** What a notification carries: signature headers (webhook-signature or webhook-timestamp), an Authorization header. */
export interface Presented {
  readonly signature: boolean;
  readonly token: boolean;
}

/** What to verify; verifying an absent credential refuses it as missing. */
export interface Plan {
  readonly signature: boolean;
  readonly token: boolean;
}

/** The checks for `mode`, or null where `either` was given neither credential. */
export function planFor(mode: NotificationAuthMode, presented: Presented): Plan | null {
  switch (mode) {
    case "hmac":
      return { signature: true, token: false };
    case "oidc":
      // The signature headers, if any, are not looked at: the worker may hold no secret.
      return { signature: false, token: true };
    case "both":
      return { signature: true, token: true };
    case "either":
      return presented.signature || presented.token ? presented : null;
  }
}

/** The same rule as the signature's (worker/protocol/verify.ts), for a notification that is not signed. */
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

/** Why the `webhook-id` of an unsigned notification cannot be its delivery id (idempotency), or null. */
export function webhookIdRefusal(id: string | null): "missing_webhook_id" | "invalid_webhook_id" | null {
  if (id === null) return "missing_webhook_id";
  return WEBHOOK_ID.test(id) ? null : "invalid_webhook_id";
}
