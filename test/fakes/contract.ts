// What the fake outside world records and how it is scripted (shared by Node and workerd tests).

/** One scripted answer; the next request of its route takes it, then the default applies again. */
export interface Scripted {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Wait this long before answering (a slow or timing-out server). */
  readonly delayMs?: number;
  /** Drop the connection without an answer (a reset). */
  readonly reset?: boolean;
  /** A dispatch answered with `status` that GitHub carried out all the same: the run is created. */
  readonly createRun?: boolean;
}

/** A production run as GitHub lists it. */
export interface FakeRun {
  readonly id: number;
  readonly display_title: string;
  readonly created_at: string;
  readonly html_url: string;
  /** The dispatch's inputs (not GitHub's fields: for tests to read without parsing the title). */
  readonly commit_sha: string;
  readonly dispatch_id: string;
  /** GitHub's run status: queued, pending, requested, waiting, in_progress, completed (set by `runStatus`). */
  status: string;
  /** Set once completed: success, failure, cancelled, timed_out, skipped, startup_failure, neutral, action_required, stale. */
  conclusion: string | null;
  readonly head_commit: { readonly message: string };
}

/**
 * `run` is one workflow run by id (`GET …/actions/runs/{id}`); `heartbeat` is a dead-man's-switch
 * monitor (`GET /heartbeat/…`, 200 unless scripted). `access_certs` is Cloudflare Access's key set (`/cdn-cgi/access/certs`): scriptable like the others,
 * but its fetches are counted apart (`accessCertsFetches`), never recorded, since they are reads of
 * public keys and not something internalbf sent. `app_token` is a GitHub App's installation token
 * (`POST /app/installations/{id}/access_tokens`, ./app-tokens): its JWT is verified, its answer fresh.
 */
export type Route = "dispatch" | "compare" | "runs" | "run" | "alert" | "heartbeat" | "access_certs" | "app_token";

/**
 * A request on a GitHub route that GitHub's own description refuses (local/github/openapi.ts): it
 * was answered 422 (or 404 for no such operation), and fails the test that sent it.
 */
export interface Violation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | null;
  readonly problems: readonly string[];
  readonly at: number;
}

/** The violations in words, one request a line, for the error that fails a test. */
export function describeViolations(violations: readonly Violation[]): string {
  const lines = violations.map(
    (violation) => `  ${violation.method} ${violation.path}: ${violation.problems.join("; ")}`,
  );
  return `GitHub's description refuses ${violations.length} request(s) sent to the fake GitHub:\n${lines.join("\n")}`;
}

/** An installation token the fake GitHub issued to a verified App JWT (test/fakes/app-tokens.ts). */
export interface IssuedToken {
  readonly token: string;
  readonly expires_at: string;
  readonly installation_id: number;
  readonly permissions: Record<string, string>;
  readonly repositories: readonly string[];
  /** The JWT's claims, as verified. */
  readonly claims: { readonly iss: unknown; readonly iat: number; readonly exp: number };
}

export interface Recorded {
  readonly route: Route | "unknown";
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly at: number;
}
