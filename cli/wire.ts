// The API's answers, as far as the CLI shows them (README "Endpoints"). The server's JSON is only
// cast to these after `isObject`; the tables read every field as possibly absent, so an answer
// with a field more or less still prints.

/** An operator's switch: the freeze or the hold. */
export interface SwitchView {
  readonly since?: string;
  readonly until?: string | null;
  readonly actor?: string;
  readonly via?: string;
  readonly reason?: string;
}

/** GET /pipeline */
export interface PipelineView {
  readonly live?: string | null;
  readonly in_flight?: { readonly sha?: string; readonly status?: string; readonly run_id?: number | null } | null;
  readonly waiting?: readonly { readonly sha?: string; readonly status?: string }[];
  readonly blocked?: readonly string[];
  readonly frozen?: SwitchView | null;
  readonly on_hold?: SwitchView | null;
  readonly outbox?: Readonly<Record<string, number>>;
  readonly mirror_behind?: number;
}

/** A deployment row. */
export interface DeploymentView {
  readonly sha?: string;
  readonly environment?: string;
  readonly status?: string;
  readonly updated_at?: string;
  readonly run_id?: number | null;
  readonly run_url?: string | null;
  readonly error?: string | null;
}

/** GET /deployments */
export interface DeploymentsPage {
  readonly deployments?: readonly DeploymentView[];
  readonly next_cursor?: string | null;
}

/** An audit event. */
export interface EventView {
  readonly at?: string;
  readonly sha?: string | null;
  readonly environment?: string | null;
  readonly kind?: string;
  readonly actor?: string;
  readonly via?: string | null;
  readonly reason?: string | null;
}

/** GET /events */
export interface EventsPage {
  readonly events?: readonly EventView[];
  readonly next_cursor?: string | null;
}

/** GET /deployments/{sha} */
export interface CommitRecord {
  readonly sha?: string;
  readonly staging?: DeploymentView | null;
  readonly production?: DeploymentView | null;
  readonly events?: readonly EventView[];
  readonly effects?: readonly {
    readonly kind?: string;
    readonly state?: string;
    readonly attempts?: number;
    readonly due_at?: string;
    readonly last_error?: string | null;
  }[];
}

/** A command's 202. */
export interface CommandAnswer {
  readonly decision?: string;
  readonly deployment?: CommitRecord | null;
  readonly pipeline?: PipelineView;
}

/** Every refusal's body. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly fields?: readonly { readonly field?: string; readonly message?: string }[];
    readonly matches?: readonly string[];
  };
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `body` is the shared error body. */
export function isErrorBody(body: unknown): body is ErrorBody {
  if (!isObject(body) || !isObject(body.error)) return false;
  return typeof body.error.code === "string" && typeof body.error.message === "string";
}
