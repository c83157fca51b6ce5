// GET /metrics?days=N: DORA's five metrics and the seed's success criteria over the last N days
// (1–365, default 30), from the Pipeline's audit trail (worker/pipeline/store/metrics.ts reads the
// window; compute.ts turns it into figures).
import { configOf } from "../config";
import { HttpError, json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";
import { computeFigures, type MetricsBody } from "./compute";

export type { MetricsBody } from "./compute";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 365;

/** GET /metrics?days=N */
export async function metrics(env: Env, url: URL): Promise<Response> {
  return json(await computeMetrics(env, daysOf(url)));
}

/** The figures over the last `days` days (also what the dashboard renders). */
export async function computeMetrics(env: Env, days: number): Promise<MetricsBody> {
  const config = configOf(env);
  const until = Date.now();
  const since = until - days * DAY_MS;
  const facts = await pipelineOf(env, config.repository).metricFacts(since, until);
  return computeFigures(facts, { days, since, until, budgetMs: config.budgetMs });
}

/** `days` from the query: a whole number from 1 to 365, 30 when absent; anything else is a 400. */
export function daysOf(url: URL): number {
  const text = url.searchParams.get("days");
  if (text === null) return DEFAULT_DAYS;
  const days = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (days >= 1 && days <= MAX_DAYS) return days;
  const message = `days must be a whole number from 1 to ${MAX_DAYS} (default ${DEFAULT_DAYS})`;
  throw new HttpError(400, "invalid_payload", message, [{ field: "days", message }]);
}
