// Time travel for the outbox on persisted state: with the worker stopped, every waiting outbox
// entry is made due now, so a restart (and the cron) works it at once. Ten dispatch attempts with
// the real backoff (and a minute of looking for the run after each) take a quarter of an hour and
// more; this compresses the waits, not the attempts.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** The Pipeline Durable Object's SQLite files under a Miniflare persistence folder. */
function pipelineDatabases(folder: string): string[] {
  const dir = join(folder, "do", "internalbf-Pipeline");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite")
    .map((name) => join(dir, name));
}

/**
 * Makes every pending outbox entry due now, and a dispatch that looks for its run before sending
 * again done looking (a minute earlier). Only while the worker is stopped.
 */
export function makeOutboxDueNow(folder: string): number {
  let changed = 0;
  for (const path of pipelineDatabases(folder)) {
    const db = new DatabaseSync(path);
    try {
      changed += Number(
        db.prepare("UPDATE outbox SET due_at = 0, looking_since = looking_since - 60000 WHERE state = 'pending'").run()
          .changes,
      );
    } finally {
      db.close();
    }
  }
  return changed;
}
