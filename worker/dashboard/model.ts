// What the dashboard's render functions read: the Pipeline's answers as its RPCs give them (the
// overview, a commit's record, a page of deployments), and who is looking. Render functions take
// these plain values, so they are tested without a Durable Object.
import type { DeploymentView } from "../protocol";

export type { DeploymentView };

/** The freeze or the hold, as the overview shows it. */
export interface SwitchView {
  readonly since: string;
  readonly until: string | null;
  readonly actor: string;
  readonly via: string | null;
  readonly reason: string;
}

/** GET /pipeline's overview: what is live, moving, waiting, blocked, stuck; the freeze and the hold. */
export interface Overview {
  readonly live: string | null;
  readonly in_flight: {
    readonly sha: string;
    readonly status: string;
    readonly run_id: number | null;
    readonly run_url: string | null;
  } | null;
  readonly waiting: readonly { readonly sha: string; readonly status: string }[];
  readonly blocked: readonly string[];
  readonly frozen: SwitchView | null;
  readonly on_hold: SwitchView | null;
  readonly stuck: readonly {
    readonly sha: string;
    readonly environment: string;
    readonly status: string;
    readonly since: string;
    readonly repeats: number;
  }[];
}

/** One event of a commit's audit trail. */
export interface RecordEvent {
  readonly at: string;
  readonly environment: string | null;
  readonly kind: string;
  readonly actor: string;
  readonly via: string | null;
  readonly reason: string | null;
  readonly detail: unknown;
}

/** One outbox entry of a commit: a dispatch, a compare, an alert. */
export interface RecordEffect {
  readonly kind: string;
  readonly state: string;
  readonly attempts: number;
  readonly due_at: string;
  readonly last_error: string | null;
}

/** GET /deployments/{sha}: both environments, the audit trail, the open effects. */
export interface CommitRecord {
  readonly sha: string;
  readonly staging: DeploymentView | null;
  readonly production: DeploymentView | null;
  readonly events: readonly RecordEvent[];
  readonly effects?: readonly RecordEffect[];
}

/** One commit in the recent list: its row in each environment (null where it has none). */
export interface CommitRow {
  readonly sha: string;
  readonly staging: DeploymentView | null;
  readonly production: DeploymentView | null;
}

/** Who is looking, and what the forms need to act as them. */
export interface Viewer {
  /** The person the forms act as; null for a bearer token, which names no one (reading only). */
  readonly actor: string | null;
  readonly via: "access" | "token";
  /** The forms' CSRF token for `actor`; null when there is no actor or no key to sign it. */
  readonly csrf: string | null;
}

/** What every page knows besides its own data. */
export interface PageContext {
  readonly viewer: Viewer;
  /** The page's own path and query (what a form goes back to), without confirm, done and refused. */
  readonly back: string;
  /** GITHUB_SERVER_URL: run links must be under it (null: no run is a link). */
  readonly githubServerUrl: string | null;
  /** "owner/name". */
  readonly repository: string;
  /** The time the page is rendered at (ms), for "3 min ago". */
  readonly now: number;
  /** What the last form post did: `?done=` or `?refused=` on the page's URL. */
  readonly flash: { readonly done: string } | { readonly refused: string } | null;
}
