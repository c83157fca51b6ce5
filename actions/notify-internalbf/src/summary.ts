// The job summary: what was sent, what internalbf decided, and where to look next.
import type { RunContext } from "./context";
import type { Config } from "./inputs";

export interface SummaryFacts {
  readonly config: Config;
  readonly run: RunContext;
  readonly deliveryId: string;
  readonly deploymentUrl: string;
  readonly httpStatus: number | undefined;
  readonly decision: string | undefined;
  /** Why internalbf refused or could not be reached; undefined on success. */
  readonly problem: string | undefined;
}

/** The summary as Markdown. */
export function renderSummary(facts: SummaryFacts): string {
  const { config, run } = facts;
  const commitUrl = `${run.serverUrl}/${run.repository}/commit/${config.commitSha}`;
  const rows: [string, string][] = [
    ["Event", code(config.event)],
    ["Status", config.status === undefined ? "—" : code(config.status)],
    ["Commit", `[${code(config.commitSha.slice(0, 12))}](${commitUrl})`],
    ["Decision", facts.decision === undefined ? "—" : `**${code(facts.decision)}**`],
    [
      "Delivery",
      `${code(facts.deliveryId)}${facts.httpStatus === undefined ? ", no answer" : `, HTTP ${facts.httpStatus}`}`,
    ],
  ];
  if (config.emergency) rows.splice(3, 0, ["Emergency", "**yes**, the internalbf-down path"]);
  if (config.dispatchId !== undefined) rows.push(["Dispatch", code(config.dispatchId)]);
  const lines = [
    `### internalbf: ${config.event}`,
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    "",
  ];
  if (facts.problem !== undefined) lines.push(`> **Not delivered as asked:** ${escapeMarkup(facts.problem)}`, "");
  lines.push(`[The commit's record in internalbf](${facts.deploymentUrl}) · [This run](${run.runUrl})`, "");
  return lines.join("\n");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Keeps text from another system from turning into markup or breaking the table. */
function escapeMarkup(text: string): string {
  return text.replace(/[<>&|]/g, (char) => `&#${char.charCodeAt(0)};`).replace(/\n\s*/g, " ");
}
