// internalbf: the release gate. The fetch handler serves intake and the operator surface; the
// cron is a safety net that wakes the Pipeline's outbox.
import { configOf } from "./config";
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
    await pipelineOf(env, config.repository).tick();
  },
} satisfies ExportedHandler<Env>;
