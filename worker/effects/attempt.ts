// The outcome of one outbound call, and what its HTTP answer means for a retry.

/**
 * One attempt: a value, or a failure that may be retried (not before `notBefore`, when known).
 * `ambiguous` when the request may have been carried out all the same (a timeout, a reset, a 5xx).
 */
export type Attempt<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      readonly error: string;
      readonly notBefore: number | null;
      readonly ambiguous?: boolean;
    };

export const succeeded = <T>(value: T): Attempt<T> => ({ ok: true, value });

export function failed<T>(retryable: boolean, error: string, notBefore: number | null = null): Attempt<T> {
  return { ok: false, retryable, error, notBefore };
}

/** A failure after which the request may have been carried out all the same. */
export function ambiguous<T>(error: string, notBefore: number | null = null): Attempt<T> {
  return { ok: false, retryable: true, error, notBefore, ambiguous: true };
}

/**
 * Whether an HTTP failure may mean the request was not accepted, so sending it again is right:
 * 408, 429, 5xx, and 403 that carries a rate-limit signal. Anything else is permanent.
 */
export function classifyStatus(
  status: number,
  headers: Headers,
  now: number,
): { retryable: boolean; notBefore: number | null } {
  const notBefore = retryHint(headers, now);
  if (status === 408 || status === 429 || status >= 500) return { retryable: true, notBefore };
  if (status === 403 && (headers.has("retry-after") || headers.get("x-ratelimit-remaining") === "0")) {
    return { retryable: true, notBefore };
  }
  return { retryable: false, notBefore: null };
}

/** When the server asked to be called again: `retry-after` (seconds or a date), else `x-ratelimit-reset`. */
export function retryHint(headers: Headers, now: number): number | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return now + Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return date;
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset !== null && /^\d+$/.test(reset) && headers.get("x-ratelimit-remaining") === "0")
    return Number(reset) * 1000;
  return null;
}

/** A readable name for a thrown network error or timeout. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
    return error.message;
  }
  return String(error);
}
