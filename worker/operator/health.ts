// GET /health (public): bindings reachable, configuration present and well formed. Names what
// is missing, never a value. 200 when internalbf can do its job, 503 when it cannot.
import { configOf } from "../config";
import { json } from "../http/errors";
import { pipelineOf } from "../pipeline/stub";

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Answers the health check. */
export async function health(env: Env): Promise<Response> {
  const config = configOf(env);
  const checks: Check[] = [
    await probe("PIPELINE", "Durable Object answers", () => pipelineOf(env, config.repository).ping()),
    await probe("AUDIT", "KV namespace answers", async () => (await env.AUDIT.get("production:current")) !== undefined),
  ];
  const errors = config.problems.filter((problem) => problem.level === "error");
  for (const problem of errors) checks.push({ name: problem.name, ok: false, message: problem.message });
  const warnings = config.problems
    .filter((problem) => problem.level === "warning")
    .map(({ name, message }) => ({ name, message }));
  const ok = checks.every((check) => check.ok);
  return json(
    {
      status: ok ? (warnings.length === 0 ? "ok" : "degraded") : "failing",
      repository: config.repository,
      checks,
      warnings,
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
