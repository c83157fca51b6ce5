// One delivery: sign, POST, and try again on the failures that may pass (network, 408, 429, 5xx).
import {
  DECISIONS,
  type IntakeAnswer,
  importSecret,
  isOneOf,
  type Notification,
  signatureHeaders,
} from "../../../worker/protocol/index";
import { backoffMs, isRetryable, parseRetryAfter } from "./backoff";
import type { Send } from "./http";
import type { IdToken } from "./oidc";
import { describeRefusal, jsonObject, parseErrorBody } from "./refusal";

/** What a delivery needs from the world; tests pass their own. */
export interface Transport {
  readonly send: Send;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly random: () => number;
  readonly log: (message: string) => void;
}

export interface DeliveryRequest {
  readonly endpoint: string;
  readonly id: string;
  readonly notification: Notification;
  /** The signing secrets; none when only the OIDC token authenticates. */
  readonly secrets: readonly string[];
  /** The runner's proxy for the endpoint, named in a network failure; absent when it goes direct. */
  readonly proxy?: string;
  /** The OIDC token for each attempt, sent as `Authorization: Bearer`; absent to send none. */
  readonly idToken?: () => Promise<IdToken>;
  readonly timeoutMs: number;
  readonly retries: number;
}

/** How a delivery ended: internalbf's answer, or why there is none. */
export type Delivery =
  | { readonly ok: true; readonly status: number; readonly answer: IntakeAnswer; readonly attempts: number }
  | {
      readonly ok: false;
      /** The HTTP status of the last attempt, undefined when no answer came. */
      readonly status: number | undefined;
      readonly message: string;
      readonly attempts: number;
    };

const encoder = new TextEncoder();
const USER_AGENT = "notify-internalbf";

/** Delivers a notification, retrying what may pass; never throws for a failed delivery. */
export async function deliver(request: DeliveryRequest, transport: Transport): Promise<Delivery> {
  const body = encoder.encode(JSON.stringify(request.notification));
  const keys = await Promise.all(request.secrets.map((secret) => importSecret(secret)));
  const attempts = request.retries + 1;
  const repository = request.notification.repository;

  for (let attempt = 1; ; attempt++) {
    const last = attempt === attempts;
    const headers = await credentials(request, keys, body, transport.now());
    if (!headers.ok) return { ok: false, status: undefined, message: headers.message, attempts: attempt - 1 };
    const result = await attemptOnce(request, body, headers.headers, transport);

    if (result.kind === "network") {
      const message = `could not reach internalbf at ${request.endpoint}: ${result.reason}${request.proxy === undefined ? "" : ` (${request.proxy})`}`;
      if (last) return { ok: false, status: undefined, message: withAttempts(message, attempts), attempts };
      await wait(transport, attempt, attempts, message, undefined);
      continue;
    }

    const { status, text, retryAfter } = result;
    if (status === 200 || status === 202) {
      const answer = parseAnswer(text);
      if (answer !== undefined) return { ok: true, status, answer, attempts: attempt };
      const message = `${request.endpoint} answered ${status} but not with internalbf's answer: is the url input internalbf's base URL?`;
      return { ok: false, status, message, attempts: attempt };
    }
    if (status >= 300 && status < 400) {
      const message = `${request.endpoint} answered ${status}, a redirect to ${result.location ?? "nowhere"}: set the url input to the address it names`;
      return { ok: false, status, message, attempts: attempt };
    }
    const message = describeRefusal(status, parseErrorBody(text), { endpoint: request.endpoint, repository });
    if (!isRetryable(status)) return { ok: false, status, message, attempts: attempt };
    if (last) return { ok: false, status, message: withAttempts(message, attempts), attempts };
    await wait(transport, attempt, attempts, message, parseRetryAfter(retryAfter, transport.now()));
  }
}

/**
 * One attempt's proof of origin: the Standard Webhooks headers, signed afresh each attempt (a long
 * backoff must not push the timestamp out of tolerance), without the signature when no secret is
 * given; and the OIDC token where one is asked for.
 */
async function credentials(
  request: DeliveryRequest,
  keys: readonly CryptoKey[],
  body: Uint8Array,
  now: Date,
): Promise<
  { readonly ok: true; readonly headers: Record<string, string> } | { readonly ok: false; readonly message: string }
> {
  const seconds = Math.floor(now.getTime() / 1000);
  const headers: Record<string, string> =
    keys.length > 0
      ? await signatureHeaders(keys, request.id, seconds, body)
      : { "webhook-id": request.id, "webhook-timestamp": String(seconds) };
  if (request.idToken === undefined) return { ok: true, headers };
  const token = await request.idToken();
  if (!token.ok) return token;
  return { ok: true, headers: { ...headers, authorization: `Bearer ${token.token}` } };
}

type AttemptResult =
  | { readonly kind: "network"; readonly reason: string }
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly text: string;
      readonly retryAfter: string | null;
      readonly location: string | null;
    };

/** One POST bounded by the per-attempt timeout, body included. */
async function attemptOnce(
  request: DeliveryRequest,
  body: Uint8Array,
  credentials: Record<string, string>,
  transport: Transport,
): Promise<AttemptResult> {
  try {
    const answer = await transport.send({
      url: request.endpoint,
      headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...credentials },
      body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    return {
      kind: "answer",
      status: answer.status,
      text: answer.text,
      retryAfter: answer.header("retry-after"),
      location: answer.header("location"),
    };
  } catch (error) {
    return { kind: "network", reason: networkReason(error, request.timeoutMs) };
  }
}

async function wait(
  transport: Transport,
  attempt: number,
  attempts: number,
  message: string,
  retryAfterMs: number | undefined,
): Promise<void> {
  const delay = backoffMs(attempt, transport.random(), retryAfterMs);
  transport.log(
    `Attempt ${attempt} of ${attempts} failed: ${message}. Trying again in ${(delay / 1000).toFixed(1)} s.`,
  );
  await transport.sleep(delay);
}

function withAttempts(message: string, attempts: number): string {
  return attempts > 1 ? `${message} (gave up after ${attempts} attempts)` : message;
}

/** Names a network failure: a timeout, a refused connection, an unknown host. */
export function networkReason(error: unknown, timeoutMs: number): string {
  // The attempt's signal aborts with a TimeoutError. undici's own AbortError is something else: a
  // proxy that would not open the tunnel, say.
  if (error instanceof Error && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs / 1000} s (timeout-seconds)`;
  }
  const tunnel = error instanceof Error ? /Proxy response \((\d{3})\)/.exec(error.message) : null;
  if (tunnel !== null) return `the proxy would not open a tunnel to it (it answered ${tunnel[1]})`;
  // undici puts the system error's code on the error; fetch puts it on the cause.
  for (const candidate of [error, error instanceof Error ? error.cause : undefined]) {
    if (typeof candidate !== "object" || candidate === null) continue;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `the host name does not resolve (${code})`;
    if (code === "ECONNREFUSED") return "the connection was refused (ECONNREFUSED): nothing listens there";
    if (typeof code === "string") return `${code}${typeof message === "string" ? ` (${message})` : ""}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The answer when the text is one, checked as far as the step relies on it. */
export function parseAnswer(text: string): IntakeAnswer | undefined {
  const value = jsonObject(text);
  if (value === undefined) return undefined;
  const { delivery, decision, deployment } = value;
  if (typeof delivery !== "string" || !isOneOf(DECISIONS, decision)) return undefined;
  if (typeof deployment !== "object" || deployment === null) return undefined;
  return value as unknown as IntakeAnswer;
}
