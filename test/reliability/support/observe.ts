// What a test can see of the worker from outside: the read API, the KV audit mirror, and what the
// fake outside was sent. A snapshot of all of it proves a refused request changed nothing.
import type { FakeOutside } from "../../fakes/outside";
import type { RunningWorker } from "../../support/worker";
import { ADMIN_TOKEN } from "./world";

export interface DeploymentView {
  readonly sha: string;
  readonly environment: string;
  readonly status: string;
  readonly run_id: number | null;
  readonly error: string | null;
}

export interface CommitRecord {
  readonly sha: string;
  readonly staging: DeploymentView | null;
  readonly production: DeploymentView | null;
  readonly events: readonly { kind: string; delivery: string | null; detail: unknown }[];
  readonly effects: readonly { kind: string; state: string; attempts: number; last_error: string | null }[];
}

export interface PipelineView {
  readonly live: string | null;
  readonly in_flight: { sha: string; status: string } | null;
  readonly waiting: readonly { sha: string; status: string }[];
  readonly outbox: Partial<Record<"pending" | "in_flight" | "failed", number>>;
  readonly mirror_behind: number;
}

/** GET a read-API path with the admin token; returns status and JSON. */
export async function read(worker: RunningWorker, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${worker.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** The pipeline at a glance. */
export async function pipelineOf(worker: RunningWorker): Promise<PipelineView> {
  const { status, body } = await read(worker, "/pipeline");
  if (status !== 200) throw new Error(`GET /pipeline answered ${status}`);
  return body as PipelineView;
}

/** A commit's whole record, or null when internalbf has none (404). */
export async function recordOf(worker: RunningWorker, sha: string): Promise<CommitRecord | null> {
  const { status, body } = await read(worker, `/deployments/${sha}`);
  if (status === 404) return null;
  if (status !== 200) throw new Error(`GET /deployments/${sha} answered ${status}`);
  return body as CommitRecord;
}

/** Every deployment row, newest first, following the pages. */
export async function allDeployments(worker: RunningWorker): Promise<DeploymentView[]> {
  const rows: DeploymentView[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${cursor}`;
    const { body } = await read(worker, `/deployments?limit=100${query}`);
    const page = body as { deployments: DeploymentView[]; next_cursor: string | null };
    rows.push(...page.deployments);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return rows;
}

/** The part of a KV namespace the mirror check reads (Miniflare's own type needs the workers types). */
interface KvReader {
  list(options: { cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
  get(key: string): Promise<string | null>;
}

/** The KV audit mirror, every key with its value. */
export async function mirrorOf(worker: RunningWorker): Promise<Record<string, string | null>> {
  const kv = (await worker.miniflare.getKVNamespace("AUDIT")) as unknown as KvReader;
  const out: Record<string, string | null> = {};
  let cursor: string | undefined;
  for (;;) {
    const page = await kv.list(cursor === undefined ? {} : { cursor });
    for (const key of page.keys) out[key.name] = await kv.get(key.name);
    if (page.list_complete) break;
    cursor = page.cursor;
  }
  return out;
}

/** Polls `check` until it stops throwing; rethrows its last error after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/**
 * Waits until the outbox holds nothing pending or in flight (every effect done, or failed for
 * good) and the KV mirror has caught up with the audit trail.
 */
export async function settled(worker: RunningWorker, timeoutMs = 15_000): Promise<PipelineView> {
  return waitFor(async () => {
    const pipeline = await pipelineOf(worker);
    if ((pipeline.outbox.pending ?? 0) + (pipeline.outbox.in_flight ?? 0) > 0) {
      throw new Error(`the outbox is still busy: ${JSON.stringify(pipeline.outbox)}`);
    }
    if (pipeline.mirror_behind > 0) throw new Error(`the KV mirror is ${pipeline.mirror_behind} events behind`);
    return pipeline;
  }, timeoutMs);
}

export interface Snapshot {
  readonly deployments: readonly DeploymentView[];
  readonly records: Readonly<Record<string, CommitRecord | null>>;
  readonly pipeline: PipelineView;
  readonly mirror: Readonly<Record<string, string | null>>;
  /** How many requests the fake outside (GitHub, alert receivers) has received. */
  readonly sent: number;
}

/** Everything observable: rows, the records of `shas` (events and outbox), the pipeline, KV, what was sent. */
export async function snapshot(worker: RunningWorker, fake: FakeOutside, shas: readonly string[]): Promise<Snapshot> {
  const records: Record<string, CommitRecord | null> = {};
  for (const sha of shas) records[sha] = await recordOf(worker, sha);
  return {
    deployments: await allDeployments(worker),
    records,
    pipeline: await pipelineOf(worker),
    mirror: await mirrorOf(worker),
    sent: fake.state().requests.length,
  };
}

/** The SHAs of the production runs GitHub was asked for, one entry per accepted dispatch. */
export function dispatchedShas(fake: FakeOutside): string[] {
  return fake.state().runs.map((run) => run.commit_sha);
}

/** How many production runs each commit got. */
export function runsPerCommit(fake: FakeOutside): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sha of dispatchedShas(fake)) counts.set(sha, (counts.get(sha) ?? 0) + 1);
  return counts;
}

/** Programs the fake over its control API, as any test would. */
export async function control(fake: FakeOutside, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${fake.url}/__fake/${path}`, { method: "POST", body: JSON.stringify(body) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the fake's ${path} answered ${response.status}`);
}
