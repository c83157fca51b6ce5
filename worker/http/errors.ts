import type { ErrorBody, FieldError } from "../protocol";

/** A failure a handler throws; the router's catch turns it into the JSON error body every error shares. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** `{ "error": { "code", "message", "fields"? } }` with the status and headers. */
  toResponse(): Response {
    const error: ErrorBody["error"] =
      this.fields === null
        ? { code: this.code, message: this.message }
        : { code: this.code, message: this.message, fields: this.fields };
    return json({ error }, this.status, this.headers);
  }
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return rawJson(JSON.stringify(body), status, headers);
}

const JSON_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

/** A response whose body is JSON text already. */
export function rawJson(text: string, status: number, headers?: Record<string, string>): Response {
  return new Response(text, {
    status,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
  });
}
