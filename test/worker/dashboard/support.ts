// Builders for the dashboard's render inputs: an overview, a deployment in one environment, a
// commit's record, who is looking. Each takes the fields a test cares about.
import type {
  CommitRecord,
  DeploymentView,
  Overview,
  PageContext,
  RecordEvent,
  Viewer,
} from "../../../worker/dashboard/model";
import { sha } from "../../builders/notification";

export { sha };

/** A commit SHA whose first seven characters differ for every n (unlike the builders' sha). */
export const commit = (n: number): string => `${n.toString(16).padStart(7, "0")}${"a".repeat(33)}`;

export const NOW = Date.parse("2026-11-28T09:00:00Z");

export function overview(fields: Partial<Overview> = {}): Overview {
  return { live: null, in_flight: null, waiting: [], blocked: [], frozen: null, on_hold: null, stuck: [], ...fields };
}

export function view(fields: Partial<DeploymentView> & Pick<DeploymentView, "sha">): DeploymentView {
  return {
    environment: "production",
    status: "live",
    updated_at: "2026-11-28T08:50:00.000Z",
    run_id: 1000,
    run_url: "https://github.com/bolt-foundry/monorepo/actions/runs/1000",
    error: null,
    dispatch_id: null,
    ...fields,
  };
}

export function event(fields: Partial<RecordEvent> = {}): RecordEvent {
  return {
    at: "2026-11-28T08:40:00.000Z",
    environment: "staging",
    kind: "staging_success",
    actor: "octocat",
    via: "github",
    reason: null,
    detail: {},
    ...fields,
  };
}

export function record(of: string, fields: Partial<Omit<CommitRecord, "sha">> = {}): CommitRecord {
  return {
    sha: of,
    staging: view({ sha: of, environment: "staging", status: "success", run_id: 1 }),
    production: null,
    events: [],
    effects: [],
    ...fields,
  };
}

export const ANA: Viewer = { actor: "ana@example.com", via: "token", csrf: "c".repeat(64) };
export const BEARER: Viewer = { actor: null, via: "token", csrf: null };

export function context(fields: Partial<PageContext> = {}): PageContext {
  return {
    viewer: ANA,
    back: "/",
    githubServerUrl: "https://github.com",
    repository: "bolt-foundry/monorepo",
    now: NOW,
    flash: null,
    ...fields,
  };
}

/** How often `pattern` occurs in `text`. */
export function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`))].length;
}
