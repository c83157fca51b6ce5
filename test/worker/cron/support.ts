// One cron run of the worker, as Cloudflare's `*/5 * * * *` trigger makes it, and its log lines.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../../worker/index";

/** Runs the worker's scheduled handler once, with the test bindings or `bindings` laid over them. */
export function cronRun(bindings: Partial<Record<keyof Env | "HEARTBEAT_URL", unknown>> = {}): Promise<void> {
  const controller = createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" });
  const runEnv = Object.keys(bindings).length === 0 ? env : ({ ...env, ...bindings } as unknown as Env);
  return worker.scheduled(controller, runEnv);
}

/** Every line written to the console from now on (by any method), until vi.restoreAllMocks(). */
export function captureConsole(): string[] {
  const lines: string[] = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
  return lines;
}
