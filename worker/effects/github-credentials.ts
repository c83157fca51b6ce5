// Where a GitHub call's token comes from: GITHUB_TOKEN as set, or a GitHub App's installation token
// (minted by ./github-app, cached by the Pipeline: pipeline/github-token.ts). A token never reaches
// a log, an alert, the audit trail or /health.
import { type Attempt, failed, succeeded } from "./attempt";

/** A token to send, and what GitHub refusing it (401) means. */
export interface Token {
  readonly token: string;
  /** An App's installation token: after a 401 it is dropped, and the next call takes a new one. */
  readonly renewable: boolean;
  /** Taken from the cache (not minted for this call): after a 401 a new one is worth one more try at once. */
  readonly cached: boolean;
}

/** The token source of GitHub calls. A failure to get one means nothing was sent (never ambiguous). */
export interface Credentials {
  token(): Promise<Attempt<Token>>;
  /** GitHub answered 401 to `token`: never offer it again. */
  refused(token: string): Promise<void>;
}

/** GITHUB_TOKEN: the one token there is, never renewed. */
export function fixedToken(token: string): Credentials {
  return {
    token: () => Promise.resolve(succeeded({ token, renewable: false, cached: false })),
    refused: () => Promise.resolve(),
  };
}

/** Neither an App nor GITHUB_TOKEN: GitHub is never called. */
export const NO_CREDENTIALS: Credentials = {
  token: () =>
    Promise.resolve(
      failed(
        false,
        "neither a GitHub App (GITHUB_APP_ID) nor GITHUB_TOKEN is set: this internalbf records but never dispatches",
      ),
    ),
  refused: () => Promise.resolve(),
};

/** A GitHub setting failed validation: no credential (and no URL) that failed the check is used. */
export function heldCredentials(names: readonly string[]): Credentials {
  const error = `${names.join(", ")} failed validation (see GET /health): nothing is sent to GitHub until it is fixed`;
  return { token: () => Promise.resolve(failed(false, error)), refused: () => Promise.resolve() };
}
