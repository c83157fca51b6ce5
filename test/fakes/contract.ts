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
}

/**
 * `access_certs` is Cloudflare Access's key set (`/cdn-cgi/access/certs`): scriptable like the others,
 * but its fetches are counted apart (`accessCertsFetches`), never recorded, since they are reads of
 * public keys and not something internalbf sent.
 */
export type Route = "dispatch" | "compare" | "runs" | "alert" | "access_certs";

export interface Recorded {
  readonly route: Route | "unknown";
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly at: number;
}
