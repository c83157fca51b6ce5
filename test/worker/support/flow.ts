// Whole steps of the loop, as GitHub and the workflows would drive them.
import { expect } from "vitest";
import { notification, post, sha } from "./notify";
import { outside } from "./outside";
import { settled } from "./pipeline";

/** Posts a notification and returns its decision. */
export async function decisionOf(...args: Parameters<typeof post>): Promise<string> {
  const response = await post(...args);
  expect(response.status).toBe(202);
  return ((await response.json()) as { decision: string }).decision;
}

/** The run GitHub created for the production dispatch of commit `n`. */
export async function runOf(n: number): Promise<number> {
  const run = (await outside.runs()).find((candidate) => candidate.display_title.includes(sha(n)));
  if (run === undefined) throw new Error(`no production run for ${sha(n)}`);
  return run.id;
}

/** The dispatched production run of `n` starts (approved) and succeeds. */
export async function productionSucceeds(n: number): Promise<void> {
  const run_id = await runOf(n);
  const started = await decisionOf(
    notification({ event: "production_deployment_started", commit_sha: sha(n), status: undefined, run_id }),
  );
  expect(started).toBe("approved");
  await decisionOf(
    notification({ event: "production_deployment_complete", commit_sha: sha(n), status: "success", run_id }),
  );
  await settled();
}

/** Staging passes for `n`, production gets it and runs it: `n` is live. */
export async function goLive(n: number): Promise<void> {
  await decisionOf(notification({ commit_sha: sha(n) }));
  await settled();
  await productionSucceeds(n);
}
