// Load: 1,000 notifications over 200 commits, in random order, 20% of them duplicates (the same
// delivery re-sent with its webhook-id, or the same result delivered again under a new one), while
// the production workflow reports back on every dispatch. Afterwards every commit's record is
// right, the newest staging success is live, and no commit was dispatched twice. Two orders: a
// full shuffle, and one drifting forward through history as pushes to main do (which promotes
// many more commits; a full shuffle promotes the newest early and supersedes nearly all others).
// Replay a failure with RELIABILITY_SEED=<the seed in the test's name>.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../worker/protocol";
import { type Answer, deliver, deliveryId } from "./support/intake";
import { type CommitRecord, control, mirrorOf, pipelineOf, recordOf, runsPerCommit, waitFor } from "./support/observe";
import { type ProductionWorkflow, simulateProduction } from "./support/production";
import { inPool, prng, seedOf, shuffled } from "./support/random";
import { notification, sha, startWorld, type World } from "./support/world";

const SEED = seedOf(20_261_128);
const COMMITS = 200;
const CONCURRENCY = 8;
const WAVE = 50;
const PAUSE_MS = 150;
const random = prng(SEED);

type Order = "shuffled" | "drifting";

interface Commit {
  readonly sha: string;
  readonly result: "success" | "failure";
}

interface Send {
  readonly id: string;
  readonly commit: string;
  readonly notification: Notification;
}

/** 200 commits of main's history, oldest first; 80% pass staging. */
function history(offset: number): Commit[] {
  return Array.from({ length: COMMITS }, (_, index) => ({
    sha: sha(offset + index),
    result: random() < 0.8 ? "success" : "failure",
  }));
}

// Each order gets its own stretch of history, the drifting one after the shuffled one.
const runs: Record<Order, Commit[]> = { shuffled: history(0x10_000), drifting: history(0x20_000) };

/** 800 deliveries (per commit: started and complete, for run attempts 1 and 2) plus 200 duplicates. */
function plan(commits: readonly Commit[], order: Order): Send[] {
  const originals: Send[] = commits.flatMap(({ sha: commit, result }) =>
    [1, 2].flatMap((attempt) => {
      const run = { commit_sha: commit, run_id: 7_000 + attempt, run_attempt: attempt };
      return [
        notification({ ...run, event: "staging_deployment_started", status: undefined }),
        notification({ ...run, status: result }),
      ].map((n) => ({ id: deliveryId("msg_load"), commit, notification: n }));
    }),
  );
  const completes = originals.filter((send) => send.notification.event === "staging_deployment_complete");
  const pick = (from: readonly Send[]): Send => from[Math.floor(random() * from.length)] as Send;
  const duplicates: Send[] = Array.from({ length: 200 }, (_, index) =>
    // Even: the same delivery again (same webhook-id). Odd: the same result under a new webhook-id.
    index % 2 === 0 ? pick(originals) : { ...pick(completes), id: deliveryId("msg_again") },
  );
  const all = shuffled(random, [...originals, ...duplicates]);
  if (order === "shuffled") return all;
  // Each send's place: its commit's position plus a random lag of up to a quarter of the history.
  const position = new Map(commits.map((commit, index) => [commit.sha, index]));
  return all
    .map((send) => ({ send, at: (position.get(send.commit) ?? 0) + random() * (COMMITS / 4) }))
    .sort((a, b) => a.at - b.at)
    .map(({ send }) => send);
}

let world: World;
let production: ProductionWorkflow;
const base = (): string => world.worker().url;

beforeAll(async () => {
  world = await startWorld();
  const main = [...runs.shuffled, ...runs.drifting].map((commit) => commit.sha);
  await control(world.fake, "history", { history: main, diverged: [] });
  production = simulateProduction(world.fake, base);
}, 60_000);

afterAll(async () => {
  await production?.stop();
  await world?.close();
});

describe(`load (seed ${SEED})`, () => {
  it.each(["shuffled", "drifting"] as const)(
    `1,000 notifications over ${COMMITS} commits, one in five a duplicate, %s: every record right`,
    async (order) => {
      const commits = runs[order];
      const sends = plan(commits, order);
      expect(sends).toHaveLength(1_000);
      const started = Date.now();
      // In waves of 50 with short pauses, so production runs can finish between them.
      const answers: Answer[] = [];
      for (let wave = 0; wave < sends.length; wave += WAVE) {
        const batch = sends.slice(wave, wave + WAVE);
        const tasks = batch.map((send) => () => deliver(base(), send.notification, { id: send.id }));
        answers.push(...(await inPool(CONCURRENCY, tasks)));
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
      const sendMs = Date.now() - started;

      // Every webhook-id was accepted once (202); every other send of it got the first answer (200).
      const byId = new Map<string, Answer[]>();
      sends.forEach((send, index) => {
        const answer = answers[index];
        if (answer !== undefined) byId.set(send.id, [...(byId.get(send.id) ?? []), answer]);
      });
      for (const [id, got] of byId) {
        const accepted = got.filter((answer) => answer.status === 202);
        expect({ id, accepted: accepted.length }).toEqual({ id, accepted: 1 });
        for (const answer of got.filter((candidate) => candidate.status !== 202)) {
          expect(answer.status).toBe(200);
          expect(answer.body).toEqual(accepted[0]?.body);
        }
      }

      // The pipeline drains: the queue empties, production's last run reports, the outbox settles.
      await waitFor(
        async () => {
          const pipeline = await pipelineOf(world.worker());
          expect(production.idle()).toBe(true);
          expect(pipeline).toMatchObject({ in_flight: null, waiting: [] });
          expect((pipeline.outbox.pending ?? 0) + (pipeline.outbox.in_flight ?? 0)).toBe(0);
        },
        90_000,
        200,
      );
      const pipeline = await pipelineOf(world.worker());
      const newestSuccess = commits.filter((commit) => commit.result === "success").at(-1)?.sha ?? null;
      expect(pipeline.live).toBe(newestSuccess);
      expect(pipeline.outbox.failed ?? 0).toBe(0);

      // No commit dispatched twice; every run was approved at the gate and reported success.
      const dispatched = runsPerCommit(world.fake);
      for (const [commit, count] of dispatched) expect({ commit, count }).toEqual({ commit, count: 1 });
      for (const run of production.runs()) expect(run).toMatchObject({ started: "approved", completed: "recorded" });

      // Every commit's record: staging's result, production's fate, the audit trail of its deliveries.
      const records = new Map<string, CommitRecord | null>();
      for (const commit of commits) records.set(commit.sha, await recordOf(world.worker(), commit.sha));
      for (const { sha: commit, result } of commits) {
        const record = records.get(commit);
        expect(record?.staging?.status, commit).toBe(result);
        const status = record?.production?.status ?? null;
        if (result === "failure") {
          expect({ commit, status }).toEqual({ commit, status: null });
        } else if (commit === newestSuccess) {
          expect({ commit, status }).toEqual({ commit, status: "live" });
        } else {
          expect({ commit, settled: ["retired", "superseded"].includes(status ?? "") }).toEqual({
            commit,
            settled: true,
          });
        }
        // Dispatched (once) exactly when it was live at some point.
        const once = status === "live" || status === "retired" ? 1 : undefined;
        expect({ commit, runs: dispatched.get(commit) }).toEqual({ commit, runs: once });
        const recorded = new Set(record?.events.map((event) => event.delivery));
        for (const send of sends) if (send.commit === commit) expect(recorded.has(send.id), send.id).toBe(true);
      }

      // The KV mirror agrees once its spaced writes are done.
      await waitFor(
        async () => {
          const mirror = await mirrorOf(world.worker());
          expect(mirror["production:current"]).toBe(newestSuccess);
          for (const { sha: commit } of commits) {
            const mirrored = JSON.parse(mirror[`deployment:${commit}`] ?? "null") as CommitRecord | null;
            const record = records.get(commit);
            expect(mirrored?.staging?.status, commit).toBe(record?.staging?.status);
            expect(mirrored?.production?.status ?? null, commit).toBe(record?.production?.status ?? null);
          }
        },
        20_000,
        250,
      );
      const promoted = commits.filter((commit) => dispatched.has(commit.sha)).length;
      console.log(
        `load ${order} (seed ${SEED}): 1,000 notifications sent in ${sendMs} ms; ${promoted} commits dispatched; ` +
          `settled after ${Date.now() - started} ms`,
      );
    },
    150_000,
  );
});
