// "The live commit may be redeployed" (shared/ARCHITECTURE.md, emergency): while its run holds the
// slot the commit stays live on the record, and a run that does not go through leaves it live.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, goLive, resultOf, startOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";
import { accepted, send } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2)]);
});

async function overview(): Promise<{ live: string | null; in_flight: { sha: string } | null; waiting: unknown[] }> {
  return (await (await get("/pipeline", ADMIN_TOKEN)).json()) as never;
}

/** The newest production run GitHub created for commit `n`. */
async function newestRun(n: number) {
  const runs = (await outside.runs()).filter((run) => run.commit_sha === sha(n));
  const run = runs.sort((a, b) => b.id - a.id)[0];
  if (run === undefined) throw new Error(`no run for ${sha(n)}`);
  return run;
}

it("an emergency of the live commit dispatches it again, and it stays live while its run goes", async () => {
  await goLive(1);
  expect(await accepted("POST", `/deployments/${sha(1)}/emergency`)).toBe("dispatch_queued");
  await settled();
  const dispatches = (await outside.requests("dispatch")).map((request) => JSON.parse(request.body).inputs);
  expect(dispatches.map((inputs) => [inputs.commit_sha, inputs.triggered_by])).toEqual([
    [sha(1), "internalbf-staging-success"],
    [sha(1), "internalbf-emergency"],
  ]);
  expect(await overview()).toMatchObject({ live: sha(1), in_flight: { sha: sha(1) } });
  const run = await newestRun(1);
  expect(await decisionOf(startOf(run))).toBe("approved");
  await decisionOf(resultOf(run, "success"));
  await settled();
  expect(await overview()).toMatchObject({ live: sha(1), in_flight: null });
  const record = (await (await get(`/deployments/${sha(1)}`, ADMIN_TOKEN)).json()) as {
    production: { status: string };
  };
  expect(record.production.status).toBe("live");
});

it("a redeploy of the live commit that fails leaves it live, puts the hold on and alerts", async () => {
  await goLive(1);
  await accepted("POST", `/deployments/${sha(1)}/emergency`);
  await settled();
  const run = await newestRun(1);
  await decisionOf(startOf(run));
  expect(await decisionOf(resultOf(run, "failure"))).toBe("alerted");
  const pipeline = (await (await get("/pipeline", ADMIN_TOKEN)).json()) as { live: string; on_hold: unknown };
  expect(pipeline.live).toBe(sha(1));
  expect(pipeline.on_hold).not.toBeNull();
  const record = (await (await get(`/deployments/${sha(1)}`, ADMIN_TOKEN)).json()) as {
    production: { status: string };
  };
  expect(record.production.status).toBe("live");
});

it("a redeploy of the live commit waits for the slot with its row live, and goes when the slot frees", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled(); // #2 dispatched against #1
  expect(await accepted("POST", `/deployments/${sha(1)}/emergency`)).toBe("waiting_for_slot");
  expect(await overview()).toMatchObject({
    live: sha(1),
    in_flight: { sha: sha(2) },
    waiting: [{ sha: sha(1), status: "live" }],
  });
  // The slot frees (abandon): the redeploy goes.
  expect(await accepted("POST", `/deployments/${sha(2)}/abandon`)).toBe("abandoned");
  await settled();
  expect((await newestRun(1)).id).toBeGreaterThan((await newestRun(2)).id);
  expect(await overview()).toMatchObject({ live: sha(1), in_flight: { sha: sha(1) } });
});

it("abandoning the redeploy of the live commit leaves it live", async () => {
  await goLive(1);
  await accepted("POST", `/deployments/${sha(1)}/emergency`);
  await settled();
  expect(await accepted("POST", `/deployments/${sha(1)}/abandon`)).toBe("abandoned");
  expect(await overview()).toMatchObject({ live: sha(1), in_flight: null });
  // A promote of the live commit is still refused: only an emergency deploys it again.
  const refused = await send("POST", `/deployments/${sha(1)}/promote`);
  expect(refused.status).toBe(409);
});
