// The dead-man's switch: every cron run pings HEARTBEAT_URL (a healthchecks.io-style check), so a
// monitor outside internalbf pages when the pings stop. A failed ping is logged at warn and nothing
// more: it is the monitor's job to alert, and a ping changes no state here.
import { log } from "../log";

/** Time limit of one ping. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;

/** Why a ping failed: the monitor's answer, or null when none came, and words that never quote the URL. */
export interface PingFailure {
  readonly status: number | null;
  readonly error: string;
}

/** Pings `url` once with a GET; null when the monitor answered 2xx, else why not. Never throws. */
export async function pingHeartbeat(url: string, timeoutMs = HEARTBEAT_TIMEOUT_MS): Promise<PingFailure | null> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "GET",
      headers: { "user-agent": "internalbf" },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { status: null, error: unreachable(error, url) };
  }
  // Nothing in the answer is needed: cancelling frees the connection at once.
  await response.body?.cancel();
  if (response.ok) return null;
  const redirect = response.status >= 300 && response.status < 400 ? " (a redirect: not followed)" : "";
  return { status: response.status, error: `the monitor answered ${response.status}${redirect}` };
}

/** Sends this cron run's heartbeat when one is configured; logs a failure at warn; never throws. */
export async function heartbeat(url: string | null): Promise<void> {
  if (url === null) return;
  const failure = await pingHeartbeat(url);
  if (failure !== null) log("warn", "heartbeat_failed", { status: failure.status, error: failure.error });
}

/** A thrown fetch error in words, with the URL and its path (the token) taken out of the runtime's message. */
function unreachable(error: unknown, url: string): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "the monitor did not answer in time";
  }
  let message = error instanceof Error ? error.message : String(error);
  message = message.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*/g, "<url>");
  for (const part of urlParts(url)) message = message.split(part).join("<url>");
  return `the monitor is unreachable: ${message}`;
}

/** The parts of `url` that may carry its token: the whole, host and path, path, query. */
function urlParts(url: string): string[] {
  try {
    const { host, pathname, search } = new URL(url);
    return [url, `${host}${pathname}`, pathname, search].filter((part) => part.length > 1);
  } catch {
    return [url];
  }
}
