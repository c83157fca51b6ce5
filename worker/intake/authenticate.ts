// A notification's credentials where NOTIFICATION_AUTH takes tokens (oidc, either, both): the
// signature, the OIDC token or both, as ./credentials.ts plans. The signature goes first, so a
// forged one costs no key fetch. (`hmac` stays on the handler's own path, the benchmarked one.)
import { type Config, keysOf } from "../config";
import { verifySignature } from "../protocol";
import { planFor, webhookIdRefusal } from "./credentials";
import { checkToken, type TokenRefusal, type VerifiedToken } from "./oidc/token";
import type { NotificationAuthMode, OidcConfig } from "./settings";
import { SIGNATURE_REFUSALS } from "./signature-refusals";

/** The delivery id and the verified token (null where none was checked), or the refusal. */
export type Authenticated =
  | { readonly ok: true; readonly delivery: string; readonly token: VerifiedToken | null }
  | ({ readonly ok: false } & TokenRefusal);

const MISSING_CREDENTIALS: Authenticated = {
  ok: false,
  status: 401,
  code: "missing_credentials",
  message:
    "NOTIFICATION_AUTH=either takes a webhook-signature (WEBHOOK_AUTH_TOKEN) or an Authorization: Bearer GitHub Actions OIDC token, and this notification carries neither",
};
const MISSING_WEBHOOK_ID: Authenticated = {
  ok: false,
  status: 401,
  code: "missing_webhook_id",
  message: "a webhook-id header is required: it is what makes a retried delivery idempotent",
};

/** Verifies what `mode` asks of this notification. */
export async function authenticate(
  headers: Headers,
  body: Uint8Array,
  config: Config,
  mode: Exclude<NotificationAuthMode, "hmac">,
  oidc: OidcConfig,
  nowMs: number,
): Promise<Authenticated> {
  const authorization = headers.get("authorization");
  const presented = {
    signature: headers.has("webhook-signature") || headers.has("webhook-timestamp"),
    token: authorization !== null,
  };
  const plan = planFor(mode, presented);
  if (plan === null) return MISSING_CREDENTIALS;
  const delivery = headers.get("webhook-id");
  if (plan.signature) {
    const failure = await verifySignature(
      await keysOf(config.webhookSecrets),
      { id: delivery, timestamp: headers.get("webhook-timestamp"), signature: headers.get("webhook-signature") },
      body,
      Math.floor(nowMs / 1000),
    );
    if (failure !== null) return { ok: false, status: 401, code: failure, message: messageOf(failure) };
  } else {
    const refused = webhookIdRefusal(delivery);
    if (refused === "missing_webhook_id") return MISSING_WEBHOOK_ID;
    if (refused !== null) return { ok: false, status: 401, code: refused, message: messageOf(refused) };
  }
  if (!plan.token) return { ok: true, delivery: delivery ?? "", token: null };
  const token = await checkToken(authorization, oidc);
  if ("status" in token) return { ok: false, ...token };
  return { ok: true, delivery: delivery ?? "", token };
}

function messageOf(failure: keyof typeof SIGNATURE_REFUSALS): string {
  return SIGNATURE_REFUSALS[failure].error.message;
}
