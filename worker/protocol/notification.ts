import { EVENTS, type EventName, isCompletion, isOneOf, STATUSES, type Status } from "./events";

/** A deployment notification, the body of every intake request (the seed's shape, extended). */
export interface Notification {
  readonly event: EventName;
  readonly status?: Status;
  readonly commit_sha: string;
  readonly timestamp: string;
  readonly repository: string;
  readonly run_id?: number;
  readonly run_attempt?: number;
  readonly run_number?: number;
  readonly run_url?: string;
  readonly actor?: string;
  readonly ref?: string;
  readonly details?: string;
  /** A production run on the internalbf-down path (`emergency: true` on the workflow); its reason is in `details`. */
  readonly emergency?: boolean;
  /** The production run's `dispatch_id` input: internalbf's id for the decision that dispatched it. */
  readonly dispatch_id?: string;
  /** The commit's own time (ISO-8601, from the push event's `head_commit.timestamp`): where lead time starts. */
  readonly commit_timestamp?: string;
}

/** One reason a notification was refused, named by its field. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export const MAX_DETAILS_LENGTH = 4000;
const MAX_TEXT_LENGTH = 512;
const SHA = /^[0-9a-f]{40}$/;
/** internalbf's dispatch ids, as the workflow's run-name and the action carry them. */
export const DISPATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO-8601 date and time with its offset, as `timestamp` and `commit_timestamp` take it. */
export function isTimestamp(value: unknown): value is string {
  return typeof value === "string" && ISO_8601.test(value) && !Number.isNaN(Date.parse(value));
}

/** Validates a decoded JSON body; every problem is reported, not only the first. Unknown fields are ignored. */
export function parseNotification(body: unknown): Parsed<Notification> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: "(body)", message: "must be a JSON object" }] };
  }
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push({ field, message });
  };

  const { event, status, commit_sha, timestamp, repository } = input;
  if (!isOneOf(EVENTS, event)) fail("event", `must be one of ${EVENTS.join(", ")}`);
  if (status === undefined) {
    if (isOneOf(EVENTS, event) && isCompletion(event)) fail("status", `is required for ${event}`);
  } else if (!isOneOf(STATUSES, status)) {
    fail("status", `must be one of ${STATUSES.join(", ")}`);
  }
  if (typeof commit_sha !== "string" || !SHA.test(commit_sha)) {
    fail("commit_sha", "must be a full commit SHA: 40 lowercase hex characters");
  }
  if (!isTimestamp(timestamp)) {
    fail("timestamp", "must be an ISO-8601 date and time, e.g. 2026-11-28T08:00:00Z");
  }
  if (typeof repository !== "string" || !REPOSITORY.test(repository)) {
    fail("repository", 'must be "owner/name"');
  }
  for (const field of ["run_id", "run_attempt", "run_number"] as const) {
    const value = input[field];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
      fail(field, "must be a non-negative integer");
    }
  }
  for (const field of ["run_url", "actor", "ref"] as const) {
    const value = input[field];
    if (value !== undefined && (typeof value !== "string" || value.length > MAX_TEXT_LENGTH)) {
      fail(field, `must be a string of at most ${MAX_TEXT_LENGTH} characters`);
    }
  }
  const { details } = input;
  if (details !== undefined && (typeof details !== "string" || details.length > MAX_DETAILS_LENGTH)) {
    fail("details", `must be a string of at most ${MAX_DETAILS_LENGTH} characters`);
  }
  const { emergency, dispatch_id } = input;
  if (emergency !== undefined && typeof emergency !== "boolean") fail("emergency", "must be true or false");
  if (dispatch_id !== undefined && (typeof dispatch_id !== "string" || !DISPATCH_ID.test(dispatch_id))) {
    fail("dispatch_id", "must be 1 to 64 letters, digits, '-' or '_' (internalbf's dispatch id)");
  }
  if (input.commit_timestamp !== undefined && !isTimestamp(input.commit_timestamp)) {
    fail("commit_timestamp", "must be an ISO-8601 date and time, e.g. 2026-11-28T07:42:10+01:00");
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: pick(input) as unknown as Notification };
}

const FIELDS = [
  "event",
  "status",
  "commit_sha",
  "timestamp",
  "repository",
  "run_id",
  "run_attempt",
  "run_number",
  "run_url",
  "actor",
  "ref",
  "details",
  "emergency",
  "dispatch_id",
  "commit_timestamp",
] as const;

/** Keeps the known fields only, so unknown ones never reach storage. */
function pick(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) if (input[field] !== undefined) out[field] = input[field];
  return out;
}
