// Logs: one JSON object a line, for `wrangler tail --format json` and Logpush. Callers pass chosen
// fields only: never a header, a body, a token or a signature.

export type Level = "debug" | "info" | "warn" | "error";

export type Fields = Record<string, string | number | boolean | null | undefined>;

/**
 * Writes one log line. Every level goes through console.log and says itself in `level`: under
 * `wrangler dev`, console.warn and console.error lines arrive wrapped in boxes, no longer JSON.
 */
export function log(level: Level, event: string, fields: Fields = {}): void {
  console.log(JSON.stringify({ level, event, ...fields }));
}
