// The world a reliability test runs in: the real worker on workerd (Miniflare) and the fake
// outside (GitHub, alert receivers), both on 127.0.0.1, plus the builders of notifications.
import { type FakeOutside, startFakeOutside } from "../../fakes/outside";
import { type RunningWorker, removeState, startWorker, stateFolder, type WorkerVars } from "../../support/worker";

export { notification, REPOSITORY, sha } from "../../builders/notification";

/** The published Standard Webhooks test secret: the intake's signing secret here. */
export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/** A well-formed secret the worker does not know. */
export const OTHER_SECRET = "whsec_b3RoZXItc2lnbmluZy1zZWNyZXQtMzItYnl0ZXMhIQ==";
export const ALERT_SECRET = "whsec_YWxlcnQtc2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz";
export const ADMIN_TOKEN = "reliability-admin-token";

/** Alert receivers on the fake: one of each format the worker speaks. */
export function alertEndpoints(fake: string): string[] {
  return [`${fake}/services/T000/B000/slack`, `${fake}/api/webhooks/1/discord`, `${fake}/hooks/generic`];
}

/** The worker's vars: every secret set, GitHub and the alert receivers on the fake. */
export function varsFor(fake: FakeOutside, endpoints: readonly string[] = alertEndpoints(fake.url)): WorkerVars {
  return {
    WEBHOOK_AUTH_TOKEN: SECRET,
    GITHUB_TOKEN: "ghp_reliability0123456789abcdefghijklmn",
    ADMIN_TOKEN,
    ALERT_SIGNING_SECRET: ALERT_SECRET,
    GITHUB_API_URL: fake.url,
    NOTIFICATION_ENDPOINTS: endpoints.join(","),
  };
}

export interface World {
  readonly fake: FakeOutside;
  /** The running worker; a restart replaces it (see restart). */
  readonly worker: () => RunningWorker;
  /** Stops the worker and starts it again on the same persisted state (a new URL). */
  readonly restart: () => Promise<void>;
  /** A new deploy: the worker stopped and started on the same state with these vars changed. */
  readonly redeploy: (vars: WorkerVars) => Promise<void>;
  /** Stops the worker only (a crash); start brings it back on the same state. */
  readonly crash: () => Promise<void>;
  readonly start: () => Promise<void>;
  /** The folder of the worker's persisted state, or null when it keeps none. */
  readonly folder: string | null;
  /** Stops the worker and the fake; removes the persisted state. */
  readonly close: () => Promise<void>;
}

export interface WorldOptions {
  /** Alert endpoints; defaults to Slack, Discord and generic receivers on the fake. */
  readonly endpoints?: (fake: string) => readonly string[];
  /** Persist the worker's state in a folder of its own (needed for restarts); close removes it. */
  readonly persisted?: boolean;
  /** Vars over the defaults (varsFor), given the fake's URL. */
  readonly vars?: (fake: string) => WorkerVars;
}

/** Starts the fake outside and the worker pointed at it. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const fake = await startFakeOutside();
  let vars: WorkerVars = {
    ...varsFor(fake, options.endpoints?.(fake.url) ?? alertEndpoints(fake.url)),
    ...options.vars?.(fake.url),
  };
  const folder = options.persisted === true ? await stateFolder() : null;
  const start = () => startWorker(vars, folder === null ? {} : { persistTo: folder });
  let current: RunningWorker | null = await start();
  const worker = (): RunningWorker => {
    if (current === null) throw new Error("the worker is stopped");
    return current;
  };
  const crash = async (): Promise<void> => {
    const running = current;
    current = null;
    await running?.stop();
  };
  const restartWorker = async (): Promise<void> => {
    current ??= await start();
  };
  return {
    fake,
    worker,
    crash,
    start: restartWorker,
    restart: async () => {
      await crash();
      await restartWorker();
    },
    redeploy: async (changed) => {
      await crash();
      vars = { ...vars, ...changed };
      await restartWorker();
    },
    folder,
    close: async () => {
      await crash();
      await fake.close();
      if (folder !== null) await removeState(folder);
    },
  };
}
