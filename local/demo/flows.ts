// The six flows `npm run demo` shows, each a claim checked against what internalbf and the stand-in
// did: a flow throws, naming what did not happen, when the pipeline misbehaves.
import { type Context, short } from "./context.ts";

export interface Flow {
  readonly title: string;
  readonly run: (context: Context) => Promise<void>;
}

/** Waits for `sha` to reach `status` in production, and says so. */
async function reaches(context: Context, sha: string, status: string): Promise<void> {
  await context.until(`${short(sha)} to be ${status} in production`, async () =>
    (await context.production(sha)) === status ? true : undefined,
  );
  await context.timeline.catchUp();
  context.timeline.say("internalbf", `${short(sha)} is ${status}`);
}

function expectDecision(sha: string, got: string, wanted: string): void {
  if (got !== wanted) throw new Error(`internalbf decided ${got} for ${short(sha)}, not ${wanted}`);
}

interface PipelineView {
  readonly live: { readonly sha: string } | null;
  readonly in_flight: { readonly sha: string } | null;
  readonly frozen: unknown;
  readonly on_hold: unknown;
}

const pipeline = async (context: Context) => (await context.read("/pipeline")) as unknown as PipelineView;

/** Leaves the pipeline as a fresh run needs it: no freeze, no hold, nothing in flight. */
export async function clearLeftovers(context: Context): Promise<void> {
  const view = await pipeline(context);
  if (view.frozen !== null) await context.cli("unfreeze", "--reason", "the demo clears a leftover freeze");
  if (view.on_hold !== null) await context.cli("release", "--reason", "the demo clears a leftover hold");
  if (view.in_flight === null) return;
  const sha = view.in_flight.sha;
  try {
    await context.until(`the leftover ${short(sha)} to leave the slot`, async () =>
      (await pipeline(context)).in_flight === null ? true : undefined,
    );
  } catch {
    await context.cli("abandon", sha, "--reason", "the demo clears a leftover deployment");
  }
}

export const FLOWS: readonly Flow[] = [
  {
    title: "A staging success goes live: dispatched, approved at production's door, reported",
    run: async (context) => {
      const [a = ""] = await context.commits(1);
      expectDecision(a, await context.staging(a, "success"), "production_dispatch_queued");
      await reaches(context, a, "live");
    },
  },
  {
    title: "A staging failure raises an alert",
    run: async (context) => {
      const [b = ""] = await context.commits(1);
      expectDecision(b, await context.staging(b, "failure"), "alerted");
      await context.until(`the alert about ${short(b)}`, async () =>
        (await context.timeline.catchUp()).some((event) => event.source === "alert" && event.commit_sha === b)
          ? true
          : undefined,
      );
    },
  },
  {
    title: "Two successes while production is busy: the newer goes live, the older is superseded",
    run: async (context) => {
      const [p = "", c = "", d = ""] = await context.commits(3);
      expectDecision(p, await context.staging(p, "success"), "production_dispatch_queued");
      expectDecision(c, await context.staging(c, "success"), "queued_behind_production");
      expectDecision(d, await context.staging(d, "success"), "queued_behind_production");
      await reaches(context, p, "live");
      await reaches(context, d, "live");
      const older = await context.production(c);
      if (older !== "superseded") throw new Error(`${short(c)} is ${older} in production, not superseded`);
      context.timeline.say("internalbf", `${short(c)} is superseded: it never went`);
    },
  },
  {
    title: "Someone runs the production workflow by hand for an untested commit: rejected at the door",
    run: async (context) => {
      const live = (await pipeline(context)).live?.sha;
      const [u = ""] = await context.commits(1);
      context.timeline.say("you", `run deploy-production.yml by hand for ${short(u)} (it never passed staging)`);
      await fetch(`${context.github}/__local/hand-run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ commit_sha: u }),
      });
      const door = await context.until(`the hand-run of ${short(u)} to reach the door`, async () => {
        const events = await context.timeline.catchUp();
        return events.find((event) => event.commit_sha === u && event.decision !== undefined)?.decision;
      });
      if (door !== "rejected") throw new Error(`the hand-run of ${short(u)} was ${door} at the door, not rejected`);
      const after = (await pipeline(context)).live?.sha;
      if (after !== live) throw new Error(`production changed from ${live} to ${after} after a rejected run`);
    },
  },
  {
    title: "Freeze: a success is held; unfreeze: it goes live",
    run: async (context) => {
      await context.cli("freeze", "--reason", "the demo freezes production");
      const [f = ""] = await context.commits(1);
      expectDecision(f, await context.staging(f, "success"), "held_frozen");
      await reaches(context, f, "held");
      await context.cli("unfreeze", "--reason", "the demo ends the freeze");
      await reaches(context, f, "live");
    },
  },
  {
    title: "Rollback: the previous commit goes live and automatic promotion is on hold; release",
    run: async (context) => {
      const before = await pipeline(context);
      await context.cli("rollback", "--reason", "the demo rolls back");
      const target = await context.until("the rollback's commit to be in flight", async () => {
        const view = await pipeline(context);
        return view.in_flight?.sha ?? (view.live?.sha !== before.live?.sha ? view.live?.sha : undefined);
      });
      await reaches(context, target, "live");
      if ((await pipeline(context)).on_hold === null) throw new Error("the rollback did not put the hold on");
      context.timeline.say("internalbf", "automatic promotion is on hold");
      await context.cli("release", "--reason", "the demo releases the hold");
      if ((await pipeline(context)).on_hold !== null) throw new Error("the hold is still on after release");
    },
  },
];
