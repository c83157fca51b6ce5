// Drives the fake GitHub / alert receivers (test/fakes/outside.ts) from inside workerd.
import { env } from "cloudflare:workers";
import type { FakeRun, Recorded, Route, Scripted } from "../../fakes/contract";

const base = (): string => (env as unknown as { GITHUB_API_URL: string }).GITHUB_API_URL;

async function control(path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${base()}/__fake/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`fake control ${path} failed: ${response.status}`);
  return response.json();
}

export const outside = {
  reset: () => control("reset"),
  /** The next requests of `route` get these answers, in order. */
  script: (route: Route, responses: Scripted[]) => control("script", { route, responses }),
  /** main's history (oldest first) and commits off its line. */
  history: (history: string[], diverged: string[] = []) => control("history", { history, diverged }),
  rejectRunDetails: (value: boolean) => control("reject-run-details", { value }),
  /** GitHub lists a created run only `ms` later. */
  listLag: (ms: number) => control("list-lag", { ms }),
  /** Moves the fake's clock `ms` ahead (see travel() in ./pipeline for the worker's side). */
  advance: (ms: number) => control("advance", { ms }),
  /** A person runs deploy-production.yml by hand for `commit_sha`; its run. */
  handRun: async (commit_sha: string, dispatch_id = ""): Promise<FakeRun> =>
    (await control("hand-run", { commit_sha, dispatch_id })) as FakeRun,
  /** GitHub moves run `id` on (queued, waiting, in_progress, completed with a conclusion). */
  runStatus: async (id: number, status: string, conclusion: string | null = null): Promise<FakeRun> =>
    (await control("run-status", { id, status, conclusion })) as FakeRun,
  /** The production runs GitHub created (accepted dispatches and hand-runs), newest first. */
  async runs(): Promise<FakeRun[]> {
    return ((await (await fetch(`${base()}/__fake/state`)).json()) as { runs: FakeRun[] }).runs;
  },
  async requests(route?: Route): Promise<Recorded[]> {
    const state = (await (await fetch(`${base()}/__fake/state`)).json()) as { requests: Recorded[] };
    return route === undefined ? state.requests : state.requests.filter((request) => request.route === route);
  },
  /** The commits GitHub received a production dispatch for, in order. */
  async dispatched(): Promise<string[]> {
    return (await this.requests("dispatch")).map(
      (request) => (JSON.parse(request.body) as { inputs: { commit_sha: string } }).inputs.commit_sha,
    );
  },
};
