/** The four notifications, the environments and the result words of the wire contract. */
export const EVENTS = [
  "staging_deployment_started",
  "staging_deployment_complete",
  "production_deployment_started",
  "production_deployment_complete",
] as const;
export type EventName = (typeof EVENTS)[number];

export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const STATUSES = ["success", "failure", "cancelled", "skipped"] as const;
export type Status = (typeof STATUSES)[number];

/** Where each event is posted; the path and the body's `event` must agree. */
export const EVENT_PATHS: Readonly<Record<EventName, string>> = {
  staging_deployment_started: "/deployment/staging/started",
  staging_deployment_complete: "/deployment/staging/complete",
  production_deployment_started: "/deployment/production/started",
  production_deployment_complete: "/deployment/production/complete",
};

const EVENT_OF_PATH: ReadonlyMap<string, EventName> = new Map(EVENTS.map((event) => [EVENT_PATHS[event], event]));

/** The event a notification path stands for, or null when the path is not an intake path. */
export function eventForPath(path: string): EventName | null {
  return EVENT_OF_PATH.get(path) ?? null;
}

/** The environment an event is about. */
export function environmentOf(event: EventName): Environment {
  return event.startsWith("staging_") ? "staging" : "production";
}

/** True for the *_complete events, which carry a status. */
export function isCompletion(event: EventName): boolean {
  return event.endsWith("_complete");
}

/** True when `value` is one of `list` (narrows the type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
