// The step's inputs, read once and checked before any request: a typo fails here, not at internalbf.
import {
  DISPATCH_ID,
  EVENTS,
  type EventName,
  environmentOf,
  isCompletion,
  isOneOf,
  MAX_DETAILS_LENGTH,
  redactUserinfo,
  STATUSES,
  type Status,
  secretKeyBytes,
  splitList,
  urlRefusal,
} from "../../../worker/protocol/index";

/** Everything the step was asked to do, validated. */
export interface Config {
  /** internalbf's base URL, without a trailing slash. */
  readonly url: string;
  /** One signing secret, or several during a rotation (each signs the delivery); none under OIDC alone. */
  readonly secrets: readonly string[];
  /** The audience of the job's OIDC token sent as `Authorization: Bearer`; undefined to send none. */
  readonly oidcAudience: string | undefined;
  readonly event: EventName;
  readonly status: Status | undefined;
  /** 40 lowercase hex characters. */
  readonly commitSha: string;
  readonly details: string | undefined;
  /** True when `details` was longer than the contract allows and was cut. */
  readonly detailsTruncated: boolean;
  readonly requireApproval: boolean;
  /** A production run on the internalbf-down path (sent as `emergency: true`). */
  readonly emergency: boolean;
  /** internalbf's id for the decision that dispatched this production run; undefined on a hand-run. */
  readonly dispatchId: string | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly failOnError: boolean;
}

/** A wrong input: the step fails before any request, whatever `fail-on-error` says. */
export class InputError extends Error {
  override readonly name = "InputError";
}

/** The defaults of action.yml, used when an input is given but empty (a test checks they agree). */
export const DEFAULTS = {
  secret: "",
  "oidc-audience": "",
  status: "",
  "commit-sha": "",
  details: "",
  "require-approval": "false",
  emergency: "false",
  "dispatch-id": "",
  "timeout-seconds": "10",
  retries: "5",
  "fail-on-error": "true",
} as const;

export type InputName = "url" | "event" | keyof typeof DEFAULTS;

const SHA = /^[0-9a-f]{40}$/;
const URL_EXAMPLE = "https://internalbf.example.com";
const MAX_TIMEOUT_SECONDS = 600;
const MAX_RETRIES = 20;
/** The form internalbf takes for its OIDC_AUDIENCE: printable ASCII without spaces, at most 256. */
const AUDIENCE = /^[\x21-\x7e]{1,256}$/;

/** Reads and validates every input; `workflowSha` is the default commit (GITHUB_SHA). */
export function readConfig(getInput: (name: InputName) => string, workflowSha: string | undefined): Config {
  const input = (name: InputName): string => {
    const value = getInput(name).trim();
    return value === "" && name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : value;
  };

  const event = input("event");
  if (!isOneOf(EVENTS, event)) {
    throw new InputError(`event: "${event}" is not one of ${EVENTS.join(", ")}`);
  }

  const statusWord = input("status");
  let status: Status | undefined;
  if (statusWord !== "") {
    if (!isOneOf(STATUSES, statusWord)) {
      throw new InputError(`status: "${statusWord}" is not one of ${STATUSES.join(", ")}`);
    }
    status = statusWord;
  } else if (isCompletion(event)) {
    throw new InputError(`status is required for ${event}: one of ${STATUSES.join(", ")}`);
  }

  const givenSha = input("commit-sha");
  const commitSha = (givenSha === "" ? (workflowSha ?? "") : givenSha).toLowerCase();
  if (!SHA.test(commitSha)) {
    throw new InputError(
      givenSha === ""
        ? "commit-sha is empty and GITHUB_SHA is not a commit SHA: pass commit-sha (40 hex characters)"
        : `commit-sha: "${givenSha}" is not a full commit SHA (40 hex characters)`,
    );
  }

  const requireApproval = readBoolean("require-approval", input("require-approval"));
  if (requireApproval && event !== "production_deployment_started") {
    throw new InputError(
      `require-approval only applies to production_deployment_started (internalbf approves nothing else), not ${event}`,
    );
  }

  const emergency = readBoolean("emergency", input("emergency"));
  if (emergency && environmentOf(event) !== "production") {
    throw new InputError(
      `emergency only applies to production_deployment_started and production_deployment_complete, not ${event}: leave it out of staging steps`,
    );
  }
  const dispatchId = readDispatchId(input("dispatch-id"), event);

  const details = input("details");
  const cut = truncate(details, MAX_DETAILS_LENGTH);

  const url = readUrl(input("url"));
  const secrets = readSecrets(getInput("secret"));
  const oidcAudience = readAudience(input("oidc-audience"));
  if (secrets.length === 0 && oidcAudience === undefined) {
    throw new InputError(
      "secret or oidc-audience is required: give internalbf's signing secret (whsec_...), the audience of its OIDC_AUDIENCE, or both, as its NOTIFICATION_AUTH asks",
    );
  }

  return {
    url,
    secrets,
    oidcAudience,
    event,
    status,
    commitSha,
    details: details === "" ? undefined : cut,
    detailsTruncated: cut.length < details.length,
    requireApproval,
    emergency,
    dispatchId,
    timeoutMs: readNumber("timeout-seconds", input("timeout-seconds"), { min: 0.001, max: MAX_TIMEOUT_SECONDS }) * 1000,
    retries: readNumber("retries", input("retries"), { min: 0, max: MAX_RETRIES, integer: true }),
    failOnError: readBoolean("fail-on-error", input("fail-on-error")),
  };
}

/**
 * The base URL, by the worker's own rule (https, or http on loopback, no credentials), and without a
 * query or fragment. A refusal quotes the value with any user-info replaced by `***`.
 */
function readUrl(value: string): string {
  if (value === "") throw new InputError(`url is required: internalbf's base URL, e.g. ${URL_EXAMPLE}`);
  const refusal = urlRefusal(value);
  if (refusal !== null) {
    throw new InputError(
      `url: "${shownUrl(value)}" ${refusal}. Set url to internalbf's base URL alone, e.g. ${URL_EXAMPLE}: the secret input signs the notification, the URL carries no credentials`,
    );
  }
  const url = new URL(value);
  if (url.search !== "" || url.hash !== "") {
    throw new InputError(
      `url: "${shownUrl(value)}" has a query or fragment. Set url to internalbf's base URL alone, e.g. ${URL_EXAMPLE}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * A URL input as a message may quote it: user-info replaced by `***`, also where there is no
 * `scheme://` for the shared redaction to find (`//user:pass@host`, `user:pass@host`).
 */
function shownUrl(value: string): string {
  return redactUserinfo(value).replace(/^(\/\/)?[^/?#\s@]*@/, "$1***@");
}

/** The dispatch id, or undefined when none was given (a production run started by hand). */
function readDispatchId(value: string, event: EventName): string | undefined {
  if (value === "") return undefined;
  if (!DISPATCH_ID.test(value)) {
    throw new InputError(
      `dispatch-id: "${value}" is not internalbf's dispatch id: 1 to 64 letters, digits, '-' or '_' (pass the workflow's inputs.dispatch_id as it came)`,
    );
  }
  if (environmentOf(event) !== "production") {
    throw new InputError(
      `dispatch-id only applies to production_deployment_started and production_deployment_complete, not ${event}: internalbf dispatches production runs only`,
    );
  }
  return value;
}

/** The signing secrets, none when the input is empty; the message never repeats the value. */
function readSecrets(value: string): string[] {
  const secrets = splitList(value);
  for (const [index, secret] of secrets.entries()) {
    try {
      secretKeyBytes(secret);
    } catch {
      const which = secrets.length > 1 ? ` (entry ${index + 1} of ${secrets.length})` : "";
      throw new InputError(
        `secret${which} is not a Standard Webhooks secret: expected whsec_ followed by base64 of at least 16 bytes`,
      );
    }
  }
  return secrets;
}

/** The audience to request the job's OIDC token for, or undefined when none is asked for. */
function readAudience(value: string): string | undefined {
  if (value === "") return undefined;
  if (!AUDIENCE.test(value)) {
    throw new InputError(
      `oidc-audience: "${value}" is not an audience internalbf takes: at most 256 printable ASCII characters without spaces, the value of its OIDC_AUDIENCE`,
    );
  }
  return value;
}

/** The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them. */
function readBoolean(name: InputName, value: string): boolean {
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`${name}: "${value}" is not a boolean (true or false)`);
}

function readNumber(
  name: InputName,
  value: string,
  limits: { readonly min: number; readonly max: number; readonly integer?: boolean },
): number {
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const kind = limits.integer === true ? "a whole number" : "a number";
  if (
    Number.isNaN(number) ||
    number < limits.min ||
    number > limits.max ||
    (limits.integer === true && !Number.isInteger(number))
  ) {
    throw new InputError(`${name}: "${value}" must be ${kind} from ${limits.min} to ${limits.max}`);
  }
  return number;
}

/** Cuts text to at most `max` UTF-16 units, ending in an ellipsis and never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
