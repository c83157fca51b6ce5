// GET /health (public): bindings reachable, configuration present and well formed, and how the
// pipeline moves (counts and ages only, no SHAs). Names what is missing, never a value. 200 when
// internalbf can do its job, 503 when it cannot; a stuck pipeline stays 200 (so a fix to internalbf
// can still be deployed past deploy-internalbf.yml's smoke test) but for `?pipeline=1`, the check a
// monitor pages on.
import { configOf } from "../config";
import { json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Answers the health check. */
export async function health(env: Env, url: URL | null = null): Promise<Response> {
  const config = configOf(env);
  let pipeline: { stuck: number; oldest_stuck_s: number | null; oldest_pending_s: number | null } | null = null;
  const checks: Check[] = [
    await probe("PIPELINE", "Durable Object answers", async () => {
      pipeline = await pipelineOf(env, config.repository).monitor();
      return true;
    }),
    await probe("AUDIT", "KV namespace answers", async () => (await env.AUDIT.get("production:current")) !== undefined),
  ];
  const errors = config.problems.filter((problem) => problem.level === "error");
  for (const problem of errors) checks.push({ name: problem.name, ok: false, message: problem.message });
  const warnings = config.problems
    .filter((problem) => problem.level === "warning")
    .map(({ name, message }) => ({ name, message }));
  const moving = pipeline as { stuck: number } | null;
  if (url?.searchParams.get("pipeline") === "1" && moving !== null && moving.stuck > 0) {
    checks.push({
      name: "pipeline",
      ok: false,
      message: `${moving.stuck} deployment(s) stuck past STUCK_AFTER_MINUTES: see GET /pipeline, then abandon, retry or promote`,
    });
  }
  const ok = checks.every((check) => check.ok);
  return json(
    {
      status: ok ? (warnings.length === 0 ? "ok" : "degraded") : "failing",
      repository: config.repository,
      // How GitHub is called: "app" (the App wins over GITHUB_TOKEN), "token", or "none"; never a credential.
      github_auth: config.github.auth.kind,
      // What a notification must carry (NOTIFICATION_AUTH): hmac, oidc, either or both; null when the setting is invalid.
      notification_auth: config.notificationAuth.mode,
      checks,
      warnings,
      // Counts and ages only (no SHAs: this page is public); null when the Pipeline did not answer.
      stuck: moving?.stuck ?? null,
      oldest_stuck_s: (pipeline as { oldest_stuck_s: number | null } | null)?.oldest_stuck_s ?? null,
      oldest_pending_s: (pipeline as { oldest_pending_s: number | null } | null)?.oldest_pending_s ?? null,
    },
    ok ? 200 : 503,
  );
}

async function probe(name: string, message: string, check: () => Promise<boolean>): Promise<Check> {
  try {
    return { name, ok: await check(), message };
  } catch (error) {
    return { name, ok: false, message: `${message}: no (${error instanceof Error ? error.message : "unknown error"})` };
  }
}
