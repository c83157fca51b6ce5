// Defect 3: a production start for a commit before its staging completed was refused (right), but
// the refusal wrote a production row, and the later staging success answered `recorded`
// ("promotion already decided") with no dispatch and no alert: anyone with write access could stop
// any commit this way.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, startOf } from "../support/flow";
import { get, notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it("a hand-run refused before staging completes leaves an audit event and an alert, and the staging success promotes as usual", async () => {
  const hand = await outside.handRun(sha(1));
  expect(await decisionOf(startOf(hand))).toBe("rejected");
  await settled();
  expect((await outside.requests("alert")).length).toBeGreaterThan(0);

  expect(await decisionOf(notification({ commit_sha: sha(1) }))).toBe("production_dispatch_queued");
  await settled();
  expect(await outside.dispatched()).toEqual([sha(1)]);

  const record = (await (await get(`/deployments/${sha(1)}`, ADMIN_TOKEN)).json()) as {
    production: { status: string; run_id: number };
    events: { kind: string; detail: { run_id?: number } }[];
  };
  expect(record.production).toMatchObject({ status: "dispatched" });
  expect(record.production.run_id).not.toBe(hand.id);
  expect(record.events.find((event) => event.kind === "production_start_rejected")?.detail.run_id).toBe(hand.id);
});
