// Defect 9: with internalbf up, an emergency run's start (the internalbf-down path, `emergency:
// true`) was recorded as a rejection with a false "stopped at the gate" page, its success as a
// repeat, `live` stayed on the old commit, and its reason reached the alert but not the record.
import { reset } from "cloudflare:test";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { decisionOf, goLive, resultOf, startOf } from "../support/flow";
import { get, sha } from "../support/notify";
import { outside } from "../support/outside";
import { settled } from "../support/pipeline";

beforeEach(async () => {
  await reset();
  await outside.reset();
});

const REASON = "EMERGENCY by ana (triggered by manual): internalbf down: INC-42";

it("records an emergency run as an emergency deployment: its reason on the record, an emergency alert, and its success live", async () => {
  await outside.history([sha(1), sha(2)]);
  await goLive(1);
  const alertsBefore = (await outside.requests("alert")).length;
  const run = await outside.handRun(sha(2));

  expect(await decisionOf(startOf(run, { emergency: true, details: REASON, actor: "ana" }))).toBe("recorded");
  await settled();
  const alerts = (await outside.requests("alert")).slice(alertsBefore).map((alert) => alert.body);
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.join()).toMatch(/Emergency deploy/);
  expect(alerts.join()).not.toMatch(/stopped at the gate/);

  expect(await decisionOf(resultOf(run, "success", { emergency: true, details: "job deploy succeeded" }))).toBe(
    "recorded",
  );
  const record = (await (await get(`/deployments/${sha(2)}`, ADMIN_TOKEN)).json()) as {
    production: { status: string; run_id: number };
    events: { kind: string; detail: { reason?: string } }[];
  };
  expect(record.production).toMatchObject({ status: "live", run_id: run.id });
  expect(record.events.find((event) => event.kind === "production_emergency_started")?.detail.reason).toBe(REASON);
  const old = (await (await get(`/deployments/${sha(1)}`, ADMIN_TOKEN)).json()) as { production: { status: string } };
  expect(old.production.status).toBe("retired");
  const pipeline = (await (await get("/pipeline", ADMIN_TOKEN)).json()) as { live: string };
  expect(pipeline.live).toBe(sha(2));
});

it("an emergency run that fails is on the record with an alert, and live stays where it was", async () => {
  await goLive(1);
  const run = await outside.handRun(sha(2));
  await decisionOf(startOf(run, { emergency: true, details: REASON }));
  expect(await decisionOf(resultOf(run, "failure", { emergency: true }))).toBe("alerted");
  const pipeline = (await (await get("/pipeline", ADMIN_TOKEN)).json()) as { live: string };
  expect(pipeline.live).toBe(sha(1));
});
