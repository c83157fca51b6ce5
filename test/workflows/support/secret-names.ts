/** The secrets and variables the workflows read, and those the READMEs' tables document. */
import { readFileSync } from "node:fs";
import { EXPRESSION_START, ROOT, readWorkflow, workflowFiles } from "./workflows";

/** A GitHub secret or a configuration variable (`secrets.NAME` or `vars.NAME`). */
export type Kind = "secret" | "variable";

/** One name a workflow reads, and where: its job and the job's environment, if any. */
export interface Read {
  kind: Kind;
  name: string;
  file: string;
  job: string | null;
  environment: string | null;
}

/** One name a table documents, in the repository's settings or in one environment's. */
export interface Documented {
  kind: Kind;
  name: string;
  /** `repository`, or the environment's name. */
  scope: string;
}

/** Where the repository's own secrets and variables are set (the README's scope name for them). */
export const REPOSITORY = "repository";

const CONTEXTS: Record<string, Kind> = { secrets: "secret", vars: "variable" };
// `secrets.NAME` and `secrets['NAME']`; anything else that names the context reads it whole.
const REFERENCE = /\b(secrets|vars)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']+)'\s*\])/g;
const WHOLE_CONTEXT = /\b(secrets|vars)\b/;
const NAME = /^[A-Z][A-Z0-9_]*$/;

/** Every `secrets.NAME` and `vars.NAME` in every workflow's expressions (YAML comments aside). */
export function workflowReads(): Read[] {
  return workflowFiles().flatMap((file) => {
    const { workflow } = readWorkflow(file);
    const { jobs, ...top } = workflow;
    const reads = namesIn(top, { file, job: null, environment: null });
    for (const [jobId, job] of Object.entries(jobs)) {
      const environment = typeof job.environment === "string" ? job.environment : (job.environment?.name ?? null);
      reads.push(...namesIn(job, { file, job: jobId, environment }));
    }
    return reads;
  });
}

function namesIn(node: unknown, where: Omit<Read, "kind" | "name">, key = ""): Read[] {
  if (typeof node === "string") return expressionsIn(node, key).flatMap((one) => referencesIn(one, where));
  if (Array.isArray(node)) return node.flatMap((item) => namesIn(item, where));
  if (typeof node === "object" && node !== null)
    return Object.entries(node).flatMap(([name, value]) => namesIn(value, where, name));
  return [];
}

// An `if:` is an expression even without `${{ }}`; elsewhere only what sits inside `${{ }}` is.
function expressionsIn(text: string, key: string): string[] {
  if (key === "if" && !text.includes(EXPRESSION_START)) return [text];
  const found: string[] = [];
  let at = text.indexOf(EXPRESSION_START);
  while (at !== -1) {
    const end = text.indexOf("}}", at);
    if (end === -1) break;
    found.push(text.slice(at + EXPRESSION_START.length, end));
    at = text.indexOf(EXPRESSION_START, end);
  }
  return found;
}

function referencesIn(expression: string, where: Omit<Read, "kind" | "name">): Read[] {
  const reads: Read[] = [];
  for (const match of expression.matchAll(REFERENCE)) {
    const kind = CONTEXTS[match[1] ?? ""];
    const name = match[2] ?? match[3];
    if (kind !== undefined && name !== undefined) reads.push({ kind, name, ...where });
  }
  const rest = expression.replace(REFERENCE, "");
  if (WHOLE_CONTEXT.test(rest))
    throw new Error(`${where.file}: "${expression.trim()}" reads a whole context; name each secret or variable`);
  return reads;
}

/** Reads a file of the repository. */
export function readRepositoryFile(path: string): string {
  return readFileSync(`${ROOT}${path}`, "utf8");
}

/**
 * The names README.md's tables document: "Repository secrets and variables" (a name column and a
 * kind column) and each "The `<name>` environment" table (its "Environment secrets" and
 * "Environment variables" rows).
 */
export function readmeNames(markdown: string): Documented[] {
  const documented: Documented[] = [];
  for (const { heading, rows } of tables(markdown)) {
    if (heading === "Repository secrets and variables") {
      for (const [names = "", kind = ""] of rows) {
        if (kind !== "secret" && kind !== "variable") throw new Error(`README.md: unknown kind "${kind}" for ${names}`);
        for (const name of namesInCell(names)) documented.push({ kind, name, scope: REPOSITORY });
      }
    }
    const environment = /^The `([^`]+)` environment$/.exec(heading)?.[1];
    if (environment === undefined) continue;
    for (const [setting = "", value = ""] of rows) {
      const kind =
        setting === "Environment secrets" ? "secret" : setting === "Environment variables" ? "variable" : null;
      if (kind === null) continue;
      for (const name of namesInCell(value)) documented.push({ kind, name, scope: environment });
    }
  }
  return documented;
}

/** infra/README.md's table of GitHub secrets: the names in its staging and production columns. */
export function infraReadmeSecrets(markdown: string): { staging: string[]; production: string[] } {
  const table = tables(markdown).find(({ heading }) => heading.endsWith("The GitHub secrets and what each is for"));
  if (table === undefined)
    throw new Error('infra/README.md has no table under "The GitHub secrets and what each is for"');
  return {
    staging: table.rows.flatMap(([staging = ""]) => namesInCell(staging)),
    production: table.rows.flatMap(([, production = ""]) => namesInCell(production)),
  };
}

// Each Markdown table's body rows (cells trimmed), with the heading it sits under.
function tables(markdown: string): { heading: string; rows: string[][] }[] {
  const found: { heading: string; rows: string[][] }[] = [];
  let heading = "";
  let current: { heading: string; rows: string[][] } | null = null;
  for (const line of markdown.split("\n")) {
    const title = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (title !== null) heading = title[1] ?? "";
    if (!line.startsWith("|")) {
      current = null;
      continue;
    }
    const cells = line
      .replace(/^\|/, "")
      .replace(/\|\s*$/, "")
      .split("|")
      .map((cell) => cell.trim());
    if (current === null) {
      // The first row is the header; the separator row follows it.
      current = { heading, rows: [] };
      found.push(current);
    } else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) {
      current.rows.push(cells);
    }
  }
  return found;
}

function namesInCell(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "").filter((name) => NAME.test(name));
}
