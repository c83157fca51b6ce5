// Whole steps of the loop, as GitHub and the workflows would drive them.
import { expect } from "vitest";
import type { Notification } from "../../../worker/protocol";
import type { FakeRun } from "../../fakes/contract";
import { notification, post, sha } from "./notify";
import { outside } from "./outside";
import { settled } from "./pipeline";

/** Posts a notification and returns its decision. */
export async function decisionOf(...args: Parameters<typeof post>): Promise<string> {
  const response = await post(...args);
  expect(response.status).toBe(202);
  return ((await response.json()) as { decision: string }).decision;
}

/** The run GitHub created for the production dispatch of commit `n` (the newest, when there are several). */
export async function runFor(n: number): Promise<FakeRun> {
  const run = (await outside.runs()).find((candidate) => candidate.commit_sha === sha(n));
  if (run === undefined) throw new Error(`no production run for ${sha(n)}`);
  return run;
}

/** The id of runFor(n). */
export async function runOf(n: number): Promise<number> {
  return (await runFor(n)).id;
}

/** What deploy-production.yml's run `run` sends at its gate (its dispatch_id input passed on). */
export function startOf(run: FakeRun, extra: Partial<Record<keyof Notification, unknown>> = {}): Notification {
  return notification({
    event: "production_deployment_started",
    commit_sha: run.commit_sha,
    status: undefined,
    run_id: run.id,
    run_url: run.html_url,
    dispatch_id: run.dispatch_id === "" ? undefined : run.dispatch_id,
    ...extra,
  });
}

/** What deploy-production.yml's run `run` reports at its end. */
export function resultOf(
  run: FakeRun,
  status: Notification["status"],
  extra: Partial<Record<keyof Notification, unknown>> = {},
): Notification {
  return startOf(run, { event: "production_deployment_complete", status, ...extra });
}

/** The dispatched production run of `n` starts (approved) and succeeds. */
export async function productionSucceeds(n: number): Promise<void> {
  const run = await runFor(n);
  expect(await decisionOf(startOf(run))).toBe("approved");
  await decisionOf(resultOf(run, "success"));
  await settled();
}

/** Staging passes for `n`, production gets it and runs it: `n` is live. */
export async function goLive(n: number): Promise<void> {
  await decisionOf(notification({ commit_sha: sha(n) }));
  await settled();
  await productionSucceeds(n);
}
