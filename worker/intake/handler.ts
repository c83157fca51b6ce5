// Notification endpoints: bytes → verify → validate → hand to the pipeline. Checks run in the
// contract's order (shared/ARCHITECTURE.md), and the first that fails answers; nothing before the
// pipeline writes anything, so a refused request records nothing. A signature refusal (401) is
// answered here, not thrown; every other refusal is thrown for the router to answer.
// NOTIFICATION_AUTH=hmac (the default) verifies the signature here; the modes that take a GitHub
// Actions OIDC token verify through ./authenticate.ts, and the token's claims are held against the
// notification once it is parsed (403).
import { type Config, configOf, keysOf } from "../config";
import { HttpError, rawJson } from "../http/errors";
import { log } from "../log";
import { pipelineOf } from "../pipeline/stub";
import {
  type EventName,
  environmentOf,
  type IntakeAnswer,
  type Notification,
  parseNotification,
  verifySignature,
} from "../protocol";
import { authenticate } from "./authenticate";
import { readBody } from "./body";
import { claimRefusal } from "./oidc/claims";
import type { VerifiedToken } from "./oidc/token";
import type { OidcConfig } from "./settings";
import { SIGNATURE_REFUSALS } from "./signature-refusals";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The init every 401 shares. A 401 is `Response.json` (the runtime's content type, without
 * rawJson's headers): a header object costs a forgery more than the serializing does
 * (BENCHMARKS.md, "Why the hot paths look as they do").
 */
const UNAUTHORIZED = { status: 401 } as const;

/**
 * Handles one POST /deployment/{environment}/{started|complete}: the checks up to the signature,
 * then `accept`. Small on purpose: V8 waits longer to optimize a longer function (BENCHMARKS.md,
 * "Why the hot paths look as they do").
 */
export async function intake(request: Request, env: Env, event: EventName): Promise<Response> {
  const body = new Uint8Array(await readBody(request));
  const headers = request.headers;
  const contentType = headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, "unsupported_media_type", "content-type must be application/json");
  }
  const config = configOf(env);
  const auth = config.notificationAuth;
  if (auth.closed !== null) throw new HttpError(503, "intake_not_configured", auth.closed);
  const now = Date.now();
  if (auth.mode !== "hmac") return intakeWithToken(env, config, event, body, headers, auth.mode, auth.oidc, now);
  const delivery = headers.get("webhook-id");
  const failure = await verifySignature(
    await keysOf(config.webhookSecrets),
    { id: delivery, timestamp: headers.get("webhook-timestamp"), signature: headers.get("webhook-signature") },
    body,
    Math.floor(now / 1000),
  );
  if (failure !== null) {
    logRefusal(401, failure, now);
    return Response.json(SIGNATURE_REFUSALS[failure], UNAUTHORIZED);
  }
  return accept(env, config, event, delivery ?? "", body, null);
}

/** The checks up to the credentials where NOTIFICATION_AUTH takes tokens, then `accept`. */
async function intakeWithToken(
  env: Env,
  config: Config,
  event: EventName,
  body: Uint8Array,
  headers: Headers,
  mode: "oidc" | "either" | "both",
  oidc: OidcConfig,
  now: number,
): Promise<Response> {
  const authenticated = await authenticate(headers, body, config, mode, oidc, now);
  if (!authenticated.ok) {
    const { status, code, message, headers: extra } = authenticated;
    if (status === 401) logRefusal(status, code, now);
    throw new HttpError(status, code, message, null, extra);
  }
  return accept(env, config, event, authenticated.delivery, body, authenticated.token);
}

/**
 * A notification whose credentials hold: validate it, check that it is the repository's and, where a
 * token vouched for it, the token's run's, then hand it to the pipeline.
 */
async function accept(
  env: Env,
  config: Config,
  event: EventName,
  delivery: string,
  body: Uint8Array,
  token: VerifiedToken | null,
): Promise<Response> {
  const notification = parseSigned(body, event);
  if (notification.repository !== config.repository) {
    logRefusal(403, "wrong_repository", Date.now());
    throw new HttpError(
      403,
      "wrong_repository",
      `this internalbf serves ${config.repository}, not ${notification.repository}`,
    );
  }
  const refused = token === null ? null : claimRefusal(token.claims, token.oidc, config.repository, notification);
  if (refused !== null) {
    logRefusal(403, refused.code, Date.now());
    throw new HttpError(403, refused.code, refused.message);
  }
  const { status, decision, body: answer } = await pipelineOf(env, config.repository).receive(delivery, notification);
  // A run the gate refused is worth a look (warn, with why); every other decision is routine.
  const rejected = decision === "rejected";
  log(rejected ? "warn" : "info", status === 200 ? "notification_repeated" : "notification_accepted", {
    delivery,
    notification: event,
    environment: environmentOf(event),
    sha: notification.commit_sha,
    status: notification.status,
    decision,
    ...(rejected ? { reason: reasonOf(answer) } : {}),
  });
  return rawJson(answer, status);
}

/** The `reason` of an answer's JSON text (what stopped a production start at the gate), or null. */
function reasonOf(answer: string): string | null {
  const reason = (JSON.parse(answer) as Partial<IntakeAnswer>).reason;
  return typeof reason === "string" ? reason : null;
}

const REFUSAL_LOG_WINDOW_MS = 10_000;
let refusalWindowStart = -Infinity;
let refusalsSuppressed = 0;

/**
 * Logs a refused notification (a 401 or a 403): the first of each 10 s window in this isolate, with
 * the count of those not logged since the line before, so a flood of forgeries costs one line per
 * window, not one per request.
 */
function logRefusal(status: number, code: string, now: number): void {
  if (now - refusalWindowStart < REFUSAL_LOG_WINDOW_MS) {
    refusalsSuppressed++;
    return;
  }
  log("warn", "notification_refused", { status, code, not_logged_before: refusalsSuppressed });
  refusalWindowStart = now;
  refusalsSuppressed = 0;
}

/**
 * parseBody, logging a refusal at warn. Always logged, never windowed like logRefusal: only a holder
 * of the signing secret (or of a valid OIDC token) gets this far, and a malformed notification from
 * one (an action and worker a contract apart) is a line a monitor must see. Field names only, never
 * their values.
 */
function parseSigned(body: Uint8Array, event: EventName): Notification {
  try {
    return parseBody(body, event);
  } catch (error) {
    if (error instanceof HttpError) {
      log("warn", "notification_refused", {
        status: error.status,
        code: error.code,
        notification: event,
        fields: error.fields?.map((field) => field.field).join(", ") ?? null,
      });
    }
    throw error;
  }
}

function parseBody(body: Uint8Array, event: EventName): Notification {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    throw new HttpError(400, "invalid_payload", "the body is not valid UTF-8 JSON", [
      { field: "(body)", message: "must be valid UTF-8 JSON" },
    ]);
  }
  const parsed = parseNotification(value);
  if (!parsed.ok) {
    throw new HttpError(
      400,
      "invalid_payload",
      `the notification has ${parsed.errors.length} invalid field(s)`,
      parsed.errors,
    );
  }
  if (parsed.value.event !== event) {
    throw new HttpError(400, "invalid_payload", "the body's event does not match the path", [
      { field: "event", message: `must be ${event} on this path` },
    ]);
  }
  return parsed.value;
}
