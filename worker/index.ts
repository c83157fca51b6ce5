// internalbf: the release gate. The fetch handler serves intake and the operator surface; the
// cron is a safety net that wakes the Pipeline's outbox, and the heartbeat an outside monitor
// watches for.
import { configOf } from "./config";
import { heartbeat } from "./effects/heartbeat";
import { log } from "./log";
import { pipelineOf } from "./pipeline/stub";
import { route } from "./router";

export { Pipeline } from "./pipeline/Pipeline";

export default {
  fetch: (request, env) => route(request, env),
  async scheduled(_controller, env) {
    const config = configOf(env);
    for (const problem of config.problems)
      log(problem.level === "error" ? "error" : "warn", "config_problem", {
        name: problem.name,
        message: problem.message,
      });
    // Side by side: a tick that throws or hangs must not hold back the ping, nor a slow monitor the tick.
    const [tick] = await Promise.allSettled([
      pipelineOf(env, config.repository).tick(),
      heartbeat(config.heartbeatUrl),
    ]);
    // The cron run still fails on the tick's error, as before: Cloudflare shows it as failed.
    if (tick.status === "rejected") throw tick.reason;
  },
} satisfies ExportedHandler<Env>;
