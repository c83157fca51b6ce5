// Builders for notifications, shared by the tests in workerd and in Node (no runtime imports).
import type { Notification } from "../../worker/protocol";

export const REPOSITORY = "bolt-foundry/monorepo";

/** A deterministic commit SHA for `n`. */
export function sha(n: number): string {
  return n.toString(16).padStart(8, "0").repeat(5);
}

/** A valid staging success; `overrides` replace fields, or remove them when undefined. */
export function notification(overrides: Partial<Record<keyof Notification, unknown>> = {}): Notification {
  const base: Record<string, unknown> = {
    event: "staging_deployment_complete",
    status: "success",
    commit_sha: sha(1),
    timestamp: "2026-11-28T08:00:00Z",
    repository: REPOSITORY,
    run_id: 1,
    run_attempt: 1,
    run_number: 1,
    run_url: "https://github.com/bolt-foundry/monorepo/actions/runs/1",
    actor: "octocat",
    ref: "refs/heads/main",
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base as unknown as Notification;
}
