// internalbf's refusals, turned into sentences that tell the person reading the log what to fix.
import type { ErrorBody } from "../../../worker/protocol/index";

/** What the failed request was. */
export interface RefusalContext {
  readonly endpoint: string;
  readonly repository: string;
}

const SIGNATURE_HINTS: Readonly<Record<string, string>> = {
  invalid_signature:
    "the secret input does not match internalbf's signing secret (WEBHOOK_AUTH_TOKEN): check that both hold the same whsec_ value",
  timestamp_out_of_tolerance:
    "the runner's clock and internalbf's differ by more than 300 seconds, or the request was held on its way",
  missing_signature_headers:
    "the webhook-id, webhook-timestamp and webhook-signature headers did not arrive: is a proxy between the runner and internalbf removing them?",
  invalid_webhook_id: "internalbf refused the delivery id",
  invalid_timestamp: "internalbf refused the webhook-timestamp header",
};

/** internalbf's OIDC refusals (401) that the step's inputs or the job's permissions can fix. */
const TOKEN_HINTS: Readonly<Record<string, string>> = {
  missing_token:
    "internalbf asks for the job's OIDC token: set oidc-audience to internalbf's OIDC_AUDIENCE and give the job `permissions: id-token: write`",
  wrong_token_audience: "the oidc-audience input is not internalbf's OIDC_AUDIENCE: set it to that value",
  missing_credentials:
    "internalbf received neither a signature nor a token: give secret, oidc-audience or both, as its NOTIFICATION_AUTH asks",
};

/** One readable sentence (or a short list) for an HTTP answer that is not a success. */
export function describeRefusal(status: number, body: ErrorBody | undefined, context: RefusalContext): string {
  const code = body?.error.code ?? `http_${status}`;
  const said = body === undefined ? "" : ` (${code}: ${body.error.message})`;
  switch (status) {
    case 400: {
      const fields = body?.error.fields ?? [];
      const list = fields.map((entry) => `\n  - ${entry.field}: ${entry.message}`).join("");
      return `internalbf refused the notification as invalid${said}${list}`;
    }
    case 401: {
      const hint = TOKEN_HINTS[code];
      if (hint !== undefined) return `internalbf refused the notification (${code}): ${hint}`;
      // The OIDC refusals name the token (invalid_token, token_expired, wrong_token_workflow, ...).
      if (code.includes("token"))
        return `internalbf refused the OIDC token (${code}): ${body?.error.message ?? "unauthorised"}`;
      return `internalbf refused the signature (${code}): ${SIGNATURE_HINTS[code] ?? body?.error.message ?? "unauthorised"}`;
    }
    case 403:
      if (code === "wrong_repository")
        return `internalbf serves another repository, not ${context.repository}${said}: check the url input`;
      // The token is GitHub's for this run, but internalbf takes notifications from another workflow, ref, run or commit.
      return code?.startsWith("wrong_token_") === true
        ? `internalbf refused this run's OIDC token${said}: it takes notifications from another workflow, branch, run or commit (README, "Security")`
        : `internalbf refused the notification with 403${said}`;
    case 404:
      return `there is no internalbf intake at ${context.endpoint} (404): the url input should be internalbf's base URL, without a path like /deployment/...`;
    case 503:
      // The worker says which setting is missing (its WEBHOOK_AUTH_TOKEN, or OIDC_AUDIENCE in a
      // mode that takes tokens); an older one said nothing, and lacked only the secret.
      return code === "intake_not_configured"
        ? `internalbf is not ready to take notifications${said}: its own settings need fixing, not this step's (its GET /health names what is missing: WEBHOOK_AUTH_TOKEN, or OIDC_AUDIENCE in a mode that takes tokens)`
        : `internalbf is unavailable (503)${said}`;
    default:
      return `internalbf answered ${status}${said}`;
  }
}

/** The error body when the answer is one; undefined for anything else (a proxy's HTML page, say). */
export function parseErrorBody(text: string): ErrorBody | undefined {
  const value = jsonObject(text);
  if (value === undefined) return undefined;
  const error = value.error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message, fields } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  const list = Array.isArray(fields)
    ? fields.filter(
        (entry): entry is { field: string; message: string } =>
          typeof entry === "object" &&
          entry !== null &&
          typeof (entry as Record<string, unknown>).field === "string" &&
          typeof (entry as Record<string, unknown>).message === "string",
      )
    : undefined;
  return { error: list === undefined ? { code, message } : { code, message, fields: list } };
}

/** The text parsed as JSON when it is an object; undefined for anything else. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}
