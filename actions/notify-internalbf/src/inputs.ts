// The step's inputs, read once and checked before any request: a typo fails here, not at internalbf.
import {
  EVENTS,
  type EventName,
  isCompletion,
  isOneOf,
  MAX_DETAILS_LENGTH,
  STATUSES,
  type Status,
  secretKeyBytes,
  splitList,
} from "../../../worker/protocol/index";

/** Everything the step was asked to do, validated. */
export interface Config {
  /** internalbf's base URL, without a trailing slash. */
  readonly url: string;
  /** One signing secret, or several during a rotation (each signs the delivery). */
  readonly secrets: readonly string[];
  readonly event: EventName;
  readonly status: Status | undefined;
  /** 40 lowercase hex characters. */
  readonly commitSha: string;
  readonly details: string | undefined;
  /** True when `details` was longer than the contract allows and was cut. */
  readonly detailsTruncated: boolean;
  readonly requireApproval: boolean;
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
  status: "",
  "commit-sha": "",
  details: "",
  "require-approval": "false",
  "timeout-seconds": "10",
  retries: "5",
  "fail-on-error": "true",
} as const;

export type InputName = "url" | "secret" | "event" | keyof typeof DEFAULTS;

const SHA = /^[0-9a-f]{40}$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const MAX_TIMEOUT_SECONDS = 600;
const MAX_RETRIES = 20;

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

  const details = input("details");
  const cut = truncate(details, MAX_DETAILS_LENGTH);

  return {
    url: readUrl(input("url")),
    secrets: readSecrets(getInput("secret")),
    event,
    status,
    commitSha,
    details: details === "" ? undefined : cut,
    detailsTruncated: cut.length < details.length,
    requireApproval,
    timeoutMs: readNumber("timeout-seconds", input("timeout-seconds"), { min: 0.001, max: MAX_TIMEOUT_SECONDS }) * 1000,
    retries: readNumber("retries", input("retries"), { min: 0, max: MAX_RETRIES, integer: true }),
    failOnError: readBoolean("fail-on-error", input("fail-on-error")),
  };
}

/** The base URL, https unless it is on this machine (a test or a tunnel's local end). */
function readUrl(value: string): string {
  if (value === "") throw new InputError("url is required: internalbf's base URL, e.g. https://internalbf.example.com");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`url: "${value}" is not a URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new InputError(`url: "${value}" must use https (plain http is allowed on loopback only)`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new InputError(`url: give internalbf's base URL only, without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

/** The signing secrets; the message never repeats the value. */
function readSecrets(value: string): string[] {
  const secrets = splitList(value);
  if (secrets.length === 0) throw new InputError("secret is required: internalbf's signing secret (whsec_...)");
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
