// The API's answers as text for a person: aligned tables, times without milliseconds, SHAs cut to
// 12 characters in lists. Pure. Text from the server (a reason another operator typed) is printed
// with its control characters replaced, so it cannot move the cursor or recolour the terminal.
import type {
  CommandAnswer,
  CommitRecord,
  DeploymentsPage,
  DeploymentView,
  ErrorBody,
  EventsPage,
  EventView,
  PipelineView,
  SwitchView,
} from "./wire.ts";

const SHORT = 12;

/** `text` with every control and format character (escapes, bidi overrides) shown as "?". */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, "?");
}

/** Rows under a header, each column as wide as its widest cell, two spaces apart. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows].map((row) => row.map(printable));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** GET /pipeline as labelled lines. */
export function pipelineText(pipeline: PipelineView): string {
  const inFlight = pipeline.in_flight;
  const waiting = pipeline.waiting ?? [];
  const blocked = pipeline.blocked ?? [];
  const outbox = Object.entries(pipeline.outbox ?? {}).filter(([, count]) => count > 0);
  const behind = pipeline.mirror_behind ?? 0;
  return labelled([
    ["live", pipeline.live ?? "none"],
    [
      "in flight",
      inFlight === null || inFlight === undefined
        ? "none"
        : `${inFlight.sha ?? "?"} ${inFlight.status ?? ""}${inFlight.run_id == null ? "" : ` (run ${inFlight.run_id})`}`,
    ],
    [
      "waiting",
      waiting.length === 0
        ? "none"
        : waiting.map((entry) => `${short(entry.sha)} ${entry.status ?? ""}`.trimEnd()).join(", "),
    ],
    ["blocked", blocked.length === 0 ? "none" : blocked.map(short).join(", ")],
    ["frozen", switchText(pipeline.frozen)],
    ["on hold", switchText(pipeline.on_hold)],
    ["outbox", outbox.length === 0 ? "empty" : outbox.map(([state, count]) => `${count} ${state}`).join(", ")],
    ["audit mirror", behind === 0 ? "up to date" : `${behind} event${behind === 1 ? "" : "s"} behind`],
  ]);
}

/** GET /deployments as a table, and the cursor of the next page. */
export function historyText(page: DeploymentsPage): string {
  const rows = (page.deployments ?? []).map((row) => [
    short(row.sha),
    row.environment ?? "",
    row.status ?? "",
    when(row.updated_at),
    row.run_id == null ? "" : String(row.run_id),
    row.error ?? "",
  ]);
  if (rows.length === 0) return "no deployments\n";
  return `${table(["SHA", "ENVIRONMENT", "STATUS", "UPDATED", "RUN", "ERROR"], rows)}${more(page.next_cursor)}`;
}

/** GET /events as a table, and the cursor of the next page. */
export function eventsText(page: EventsPage): string {
  const events = page.events ?? [];
  if (events.length === 0) return "no events\n";
  const rows = events.map((event) => [
    when(event.at),
    event.sha == null ? "pipeline" : short(event.sha),
    ...eventCells(event),
  ]);
  return `${table(["AT", "SHA", "ENVIRONMENT", "KIND", "ACTOR", "REASON"], rows)}${more(page.next_cursor)}`;
}

/** GET /deployments/{sha}: both environments, the audit trail, the outbox entries. */
export function recordText(record: CommitRecord): string {
  const parts = [
    labelled([
      ["commit", record.sha ?? "?"],
      ["staging", deploymentText(record.staging)],
      ["production", deploymentText(record.production)],
    ]),
  ];
  const events = record.events ?? [];
  if (events.length > 0) {
    const rows = events.map((event) => [when(event.at), ...eventCells(event)]);
    parts.push(`events:\n${table(["AT", "ENVIRONMENT", "KIND", "ACTOR", "REASON"], rows)}`);
  }
  const effects = record.effects ?? [];
  if (effects.length > 0) {
    const rows = effects.map((effect) => [
      effect.kind ?? "",
      effect.state ?? "",
      String(effect.attempts ?? ""),
      when(effect.due_at),
      effect.last_error ?? "",
    ]);
    parts.push(`effects:\n${table(["KIND", "STATE", "ATTEMPTS", "DUE", "LAST ERROR"], rows)}`);
  }
  return parts.join("\n");
}

/** A command's 202: its decision, the commit it touched, then the pipeline. */
export function answerText(answer: CommandAnswer): string {
  const lines: [string, string][] = [["decision", answer.decision ?? "?"]];
  const production = answer.deployment?.production;
  if (answer.deployment?.sha !== undefined) {
    lines.push(["commit", `${answer.deployment.sha} (production: ${production?.status ?? "none"})`]);
  }
  return `${labelled(lines)}\n${pipelineText(answer.pipeline ?? {})}`;
}

/** A refusal: the server's message, each field's error, and the matches of an ambiguous prefix. */
export function refusalText(status: number, body: ErrorBody): string {
  const { code, message, fields, matches } = body.error;
  const lines = [`refused (${status} ${code}): ${message}`];
  for (const field of fields ?? []) lines.push(`  ${field.field ?? "?"}: ${field.message ?? ""}`);
  if (matches !== undefined && matches.length > 0) lines.push("matching commits:", ...matches.map((sha) => `  ${sha}`));
  return `${lines.map(printable).join("\n")}\n`;
}

function eventCells(event: EventView): string[] {
  const via = event.via == null ? "" : ` (${event.via})`;
  return [event.environment ?? "", event.kind ?? "", `${event.actor ?? ""}${via}`, event.reason ?? ""];
}

function deploymentText(row: DeploymentView | null | undefined): string {
  if (row === null || row === undefined) return "none";
  const run = row.run_id == null ? "" : `, run ${row.run_id}`;
  const error = row.error == null || row.error === "" ? "" : `: ${row.error}`;
  return `${row.status ?? "?"} (updated ${when(row.updated_at)}${run})${error}`;
}

function switchText(value: SwitchView | null | undefined): string {
  if (value === null || value === undefined) return "no";
  const until = value.until == null ? "" : ` until ${when(value.until)}`;
  const via = value.via === undefined ? "" : ` (${value.via})`;
  return `since ${when(value.since)}${until} by ${value.actor ?? "?"}${via}: ${value.reason ?? ""}`;
}

function labelled(lines: readonly (readonly [string, string])[]): string {
  const width = Math.max(...lines.map(([label]) => label.length));
  return `${lines.map(([label, value]) => printable(`${label.padEnd(width)}  ${value}`)).join("\n")}\n`;
}

function more(cursor: string | null | undefined): string {
  return cursor == null ? "" : `more: --cursor ${printable(cursor)}\n`;
}

/** An ISO time without its milliseconds, with a space for the T. */
function when(iso: string | null | undefined): string {
  if (iso == null) return "";
  return iso.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/, "$1 $2Z");
}

function short(sha: string | undefined): string {
  return (sha ?? "?").slice(0, SHORT);
}
