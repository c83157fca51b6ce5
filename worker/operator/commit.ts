// A commit as an operator names it: the full SHA or a unique prefix of at least 7 hex characters
// (upper case is lowered). Every route that takes a commit resolves it here, against the commits
// internalbf knows by a deployment or by an audit event alone.
import type { Config } from "../config";
import { HttpError, json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";
import type { FieldError } from "../protocol";

const COMMIT_TEXT = /^[0-9a-f]{7,40}$/;
/** Matches an ambiguous_commit answer lists, at most. */
const LISTED = 10;

/** `text` lowercased when it can name a commit (7 to 40 hex characters), else null. */
export function commitTextOf(text: string): string | null {
  const lowered = text.toLowerCase();
  return COMMIT_TEXT.test(lowered) ? lowered : null;
}

/** The field error for `field` when its text cannot name a commit. */
export function commitFieldError(field: string): FieldError {
  return { field, message: `${field} must be a full commit SHA or at least its first 7 hex characters` };
}

/** Whether `text` (as commitTextOf gives it) is a whole SHA rather than a prefix. */
export function isFullSha(text: string): boolean {
  return text.length === 40;
}

/**
 * The full SHA of the one known commit that `text` (the value of `field`) names: 400
 * invalid_payload when it cannot name one, 404 unknown_commit when none matches, 409
 * ambiguous_commit listing the matches when several do.
 */
export async function resolveCommit(env: Env, config: Config, text: string, field = "sha"): Promise<string> {
  const prefix = commitTextOf(text);
  if (prefix === null) {
    const error = commitFieldError(field);
    throw new HttpError(400, "invalid_payload", error.message, [error]);
  }
  const matches = await pipelineOf(env, config.repository).commitsStartingWith(prefix, LISTED + 1);
  const [only, ...others] = matches;
  if (only === undefined) throw unknownCommit(prefix);
  if (others.length > 0) throw new AmbiguousCommit(prefix, matches);
  return only;
}

/** 404 unknown_commit: internalbf has no deployment or event of `text`. */
export function unknownCommit(text: string): HttpError {
  const what = isFullSha(text) ? text : `a commit starting with ${text}`;
  return new HttpError(404, "unknown_commit", `internalbf has no record of ${what}`);
}

/** 409 ambiguous_commit: the prefix names several commits; the body lists them in `error.matches`. */
export class AmbiguousCommit extends HttpError {
  readonly matches: readonly string[];

  constructor(prefix: string, found: readonly string[]) {
    const matches = found.slice(0, LISTED);
    const count = found.length > LISTED ? `more than ${LISTED}` : String(found.length);
    super(409, "ambiguous_commit", `${prefix} names ${count} commits: ${matches.join(", ")}; give more of the SHA`);
    this.matches = matches;
  }

  /** The shared error body, with the matches beside the message. */
  override toResponse(): Response {
    return json({ error: { code: this.code, message: this.message, matches: this.matches } }, this.status);
  }
}
