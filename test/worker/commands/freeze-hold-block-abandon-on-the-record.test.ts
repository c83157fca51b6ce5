import { reset, runDurableObjectAlarm } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, goLive, runFor, startOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { pipeline, query, settled } from "../support/pipeline";
import { ACTOR, accepted } from "./support";

beforeEach(async () => {
  await reset();
  await outside.reset();
  await outside.history([sha(1), sha(2), sha(3)]);
});

it("a freeze holds staging successes; unfreezing promotes the newest waiting one", async () => {
  await goLive(1);
  expect(await accepted("POST", "/freeze")).toBe("frozen");
  expect(await accepted("POST", "/freeze")).toBe("no_change");
  expect(await decisionOf(notification({ commit_sha: sha(2) }))).toBe("held_frozen");
  expect(await decisionOf(notification({ commit_sha: sha(3) }))).toBe("held_frozen");
  expect(await accepted("DELETE", "/freeze")).toBe("unfrozen");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(3)]);
  const pipelineEvents = await query<{ kind: string; actor: string }>(
    "SELECT kind, actor FROM events WHERE sha IS NULL",
  );
  expect(pipelineEvents).toEqual([
    { kind: "frozen", actor: ACTOR },
    { kind: "unfrozen", actor: ACTOR },
  ]);
});

it("a blocked commit is never promoted, and the gate refuses its run", async () => {
  await outside.rejectRunDetails(true);
  expect(await decisionOf(notification({ commit_sha: sha(1) }))).toBe("production_dispatch_queued");
  await settled();
  expect(await accepted("POST", `/deployments/${sha(1).slice(0, 9)}/block`)).toBe("blocked");
  const run = await runFor(1);
  expect(await decisionOf(startOf(run))).toBe("rejected");
  const record = (await (await get(`/deployments/${sha(1)}`, ADMIN_TOKEN)).json()) as {
    production: { status: string };
  };
  expect(record.production.status).toBe("blocked");
});

it("abandoning the deployment in the slot frees it for the next commit, and its late start is refused quietly", async () => {
  await goLive(1);
  await decisionOf(notification({ commit_sha: sha(2) }));
  await settled();
  await decisionOf(notification({ commit_sha: sha(3) }));
  expect(await accepted("POST", `/deployments/${sha(2)}/abandon`)).toBe("abandoned");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(2), sha(3)]);
  const alertsBefore = (await outside.requests("alert")).length;
  expect(await decisionOf(startOf(await runFor(2)))).toBe("rejected");
  await settled();
  expect((await outside.requests("alert")).length).toBe(alertsBefore);
});

it("an emergency dispatches a commit main contains, past the freeze, with an alert", async () => {
  await outside.history([sha(1), sha(2)], [sha(9)]);
  await accepted("POST", "/freeze");
  expect(await accepted("POST", `/deployments/${sha(2)}/emergency`)).toBe("dispatch_queued");
  await settled();
  expect(JSON.parse((await outside.requests("dispatch"))[0]?.body ?? "{}")).toMatchObject({
    inputs: { commit_sha: sha(2), triggered_by: "internalbf-emergency" },
  });
  const alerts = (await outside.requests("alert")).map((alert) => alert.body).join();
  expect(alerts).toMatch(/Emergency deploy by ana@example.com/);
});

it("a freeze with `until` is ended by the alarm, on the record, and the newest waiting success goes", async () => {
  await goLive(1);
  const until = Date.now() + 1_500;
  expect(await accepted("POST", "/freeze", { until: new Date(until).toISOString() })).toBe("frozen");
  expect(await decisionOf(notification({ commit_sha: sha(2) }))).toBe("held_frozen");
  // The freeze's end has come (the alarm is set for it; this runs it without waiting for workerd's timer).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 50));
  await runDurableObjectAlarm(pipeline());
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1), sha(2)]);
  const ended = await query<{ kind: string; actor: string }>("SELECT kind, actor FROM events WHERE kind = 'unfrozen'");
  expect(ended).toEqual([{ kind: "unfrozen", actor: "internalbf" }]);
});
