// Watching the pipeline over time: deployments made older (the stuck clock), what the cron found.
import { runInDurableObject } from "cloudflare:test";
import { ADMIN_TOKEN } from "../support/bindings";
import { get } from "../support/notify";
import { pipeline, query } from "../support/pipeline";

/** Makes every deployment `ms` older: it last moved (and waited for review) that much earlier. */
export async function age(ms: number): Promise<void> {
  await runInDurableObject(pipeline(), (_instance, state) => {
    state.storage.sql.exec(
      "UPDATE deployments SET moved_at = moved_at - ?, updated_at = updated_at - ?, review_since = review_since - ?",
      ms,
      ms,
      ms,
    );
    state.storage.sql.exec("UPDATE events SET at = at - ?", ms);
  });
}

/** The alerts raised so far of `kind`. */
export async function alertsOf(kind: string): Promise<{ sha: string; summary: string }[]> {
  const rows = await query<{ sha: string; detail: string }>(
    "SELECT sha, detail FROM events WHERE kind = 'alert_raised' ORDER BY id",
  );
  return rows
    .map((row) => ({ sha: row.sha, ...(JSON.parse(row.detail) as { alert: string; summary: string }) }))
    .filter((row) => row.alert === kind);
}

/** A commit's production record as the API answers it. */
export async function productionOf(sha: string): Promise<Record<string, unknown>> {
  const record = (await (await get(`/deployments/${sha}`, ADMIN_TOKEN)).json()) as {
    production: Record<string, unknown>;
  };
  return record.production;
}

export async function overview(): Promise<Record<string, unknown>> {
  return (await (await get("/pipeline", ADMIN_TOKEN)).json()) as Record<string, unknown>;
}

export const MINUTE = 60_000;
