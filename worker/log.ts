// Logs: one JSON object a line, for `wrangler tail --format json`. Callers pass chosen fields only:
// never a header, a body, a token or a signature.

export type Level = "debug" | "info" | "warn" | "error";

export type Fields = Record<string, string | number | boolean | null | undefined>;

/** Writes one log line. */
export function log(level: Level, event: string, fields: Fields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
