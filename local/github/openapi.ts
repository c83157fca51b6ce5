// GitHub's own OpenAPI description of the calls internalbf makes (./openapi.generated.json, made by
// scripts/extract-github-openapi.mjs), as checks: a request a GitHub stand-in receives is held
// against its operation's method, path, query and body; an answer against the response schema.
// Runs under plain Node (type stripping) and vitest alike, so only erasable TypeScript here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

type Schema = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query";
  readonly required: boolean;
  readonly schema: Schema;
  /** GitHub's `x-multi-segment`: the value may hold slashes (`basehead` with branch names). */
  readonly multiSegment?: boolean;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly schema: Schema };
  /** The success answers: an empty object is an answer without a body (204). */
  readonly responses: Record<string, { readonly schema?: Schema; readonly examples?: Record<string, unknown> }>;
}

const DESCRIPTION = JSON.parse(readFileSync(join(import.meta.dirname, "openapi.generated.json"), "utf8")) as {
  readonly generated: string;
  readonly operations: Record<string, Operation>;
};

/** Which description the checks hold requests against (its `generated` line). */
export const GENERATED = DESCRIPTION.generated;

/** The operation ids the description holds. */
export const OPERATION_IDS: readonly string[] = Object.keys(DESCRIPTION.operations);

/**
 * Where the description's schema says less or other than its own words and GitHub's docs: each is
 * checked as the docs say, never dropped. Keyed `operationId parameter`.
 */
const DOCUMENTED: Record<string, { readonly rule: string; readonly test: (value: string) => boolean }> = {
  // The parameter's text: "This parameter expects the format `BASE...HEAD`"; its schema is a bare string.
  "repos/compare-commits-with-basehead basehead": {
    rule: "BASE...HEAD",
    test: (value) => /^[^.].*\.\.\.[^.]/.test(value) && !/\.{4}/.test(value),
  },
  // The schema says `format: date-time`, the text and GitHub's docs say the search syntax for
  // dates (">=2026-01-01", "a..b"; ISO 8601): github/rest-api-description#2088.
  "actions/list-workflow-runs created": {
    rule: "a date qualifier of GitHub's search syntax (>=YYYY-MM-DD[THH:MM:SS[.sss]Z], or A..B)",
    test: (value) => {
      const range = value.split("..");
      if (range.length === 2) return range.every((end) => end === "*" || isoDate(end));
      return isoDate(value.replace(/^(?:>=|<=|>|<)/, ""));
    },
  },
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;
const isoDate = (value: string): boolean => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat("date-time", (value: string) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)));
ajv.addFormat("uri", (value: string) => URL.canParse(value));
ajv.addFormat("email", (value: string) => /^[^\s@]+@[^\s@]+$/.test(value));
// Sizes of numbers, not shapes: any JSON integer is one.
ajv.addFormat("int64", true);
ajv.addFormat("int32", true);

const compiled = new Map<Schema, ValidateFunction>();

function validator(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(jsonSchema(schema) as Schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: null is allowed besides what the schema allows
 * (also where it has no `type`, or an `enum` without null, which GitHub's description has).
 */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "enum" || key === "default") out[key] = value;
    else out[key] = jsonSchema(value);
  }
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [{ type: "null" }, out] };
}

function describe(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const detail = error.keyword === "enum" ? ` (${JSON.stringify(error.params.allowedValues)})` : "";
    return `${where}${error.instancePath} ${error.message ?? "is invalid"}${detail}`;
  });
}

/** What a check found: the operation the request is (null when none), and what is wrong with it. */
export interface Checked {
  readonly operationId: string | null;
  readonly problems: string[];
}

/** Holds one request (method, URL or path with its query, raw body) against GitHub's description. */
export function checkRequest(request: { method: string; url: string; body?: string | undefined }): Checked {
  const url = new URL(request.url, "http://127.0.0.1");
  const method = request.method.toUpperCase();
  const matches = Object.values(DESCRIPTION.operations).flatMap((operation) => {
    const values = matchPath(operation, url.pathname);
    return values === null ? [] : [{ operation, values }];
  });
  const found = matches.find(({ operation }) => operation.method === method);
  if (found === undefined) {
    const others = matches.map(({ operation }) => operation.method).join(", ");
    return {
      operationId: null,
      problems: [
        `no operation ${method} ${url.pathname} in GitHub's description${others === "" ? "" : ` (that path takes ${others})`}`,
      ],
    };
  }
  const { operation, values } = found;
  const problems = [
    ...checkParameters(operation, "path", values),
    ...checkParameters(operation, "query", queryOf(url)),
    ...checkBody(operation, request.body ?? ""),
  ];
  return { operationId: operation.operationId, problems };
}

const patterns = new Map<Operation, RegExp>();

/** The path parameters of `path` when it is `operation`'s template, else null. */
function matchPath(operation: Operation, path: string): Map<string, string[]> | null {
  let pattern = patterns.get(operation);
  if (pattern === undefined) {
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
      const multi = operation.parameters.some((p) => p.name === name && p.in === "path" && p.multiSegment === true);
      return multi ? `(?<${name}>.+)` : `(?<${name}>[^/]+)`;
    });
    pattern = new RegExp(`^${source}$`);
    patterns.set(operation, pattern);
  }
  const groups = pattern.exec(path)?.groups;
  if (groups === undefined) return null;
  const values = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(groups)) {
    try {
      values.set(name, [decodeURIComponent(raw)]);
    } catch {
      values.set(name, [raw]);
    }
  }
  return values;
}

function queryOf(url: URL): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) values.set(name, [...(values.get(name) ?? []), value]);
  return values;
}

function checkParameters(operation: Operation, place: "path" | "query", values: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const declared = operation.parameters.filter((parameter) => parameter.in === place);
  for (const parameter of declared) {
    const given = values.get(parameter.name);
    if (given === undefined) {
      if (parameter.required) problems.push(`${place} ${parameter.name} is required`);
      continue;
    }
    if (given.length > 1 && parameter.schema.type !== "array") {
      problems.push(`${place} ${parameter.name} is given ${given.length} times`);
      continue;
    }
    const raw = given[0] ?? "";
    const documented = DOCUMENTED[`${operation.operationId} ${parameter.name}`];
    // A documented rule replaces the schema only where the schema says otherwise (a format).
    const schema = documented === undefined ? parameter.schema : withoutFormat(parameter.schema);
    const validate = validator(schema);
    if (!validate(coerce(raw, schema))) {
      problems.push(
        ...describe(`${place} ${parameter.name}`, validate.errors).map(
          (text) => `${text} (got ${JSON.stringify(raw)})`,
        ),
      );
    } else if (documented !== undefined && !documented.test(raw)) {
      problems.push(`${place} ${parameter.name} must be ${documented.rule} (got ${JSON.stringify(raw)})`);
    }
  }
  // GitHub ignores a query parameter it does not know; here it is a mistake to name (a typo'd filter filters nothing).
  for (const name of values.keys()) {
    if (!declared.some((parameter) => parameter.name === name)) {
      problems.push(`${place} ${name} is not a parameter of ${operation.operationId}`);
    }
  }
  return problems;
}

function withoutFormat(schema: Schema): Schema {
  const { format: _format, ...rest } = schema;
  return rest;
}

/** A query or path string as the parameter's type reads it ("100" an integer, "true" a boolean). */
function coerce(raw: string, schema: Schema): unknown {
  if ((schema.type === "integer" || schema.type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (schema.type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function checkBody(operation: Operation, body: string): string[] {
  const described = operation.requestBody;
  if (body.trim() === "") {
    return described?.required === true ? [`body is required by ${operation.operationId}`] : [];
  }
  if (described === undefined) return [`body: ${operation.operationId} takes none`];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return ["body is not JSON"];
  }
  const validate = validator(described.schema);
  const problems = validate(value) ? [] : describe("body", validate.errors);
  // GitHub refuses a key its body does not know (422 "… is not a permitted key"), where the schema leaves it open.
  const known = described.schema.properties as Record<string, unknown> | undefined;
  if (known !== undefined && described.schema.additionalProperties === undefined && isObject(value)) {
    for (const key of Object.keys(value)) {
      if (!(key in known)) problems.push(`body/${key} is not a permitted key of ${operation.operationId}`);
    }
  }
  return problems;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function operationOf(operationId: string): Operation {
  const operation = DESCRIPTION.operations[operationId];
  if (operation === undefined) throw new Error(`${operationId} is not in ${GENERATED}`);
  return operation;
}

/** Holds a success answer (2xx) against its response schema; other statuses are not described here. */
export function checkResponse(operationId: string, status: number, body: unknown): string[] {
  const operation = DESCRIPTION.operations[operationId];
  if (operation === undefined) return [`no operation ${operationId} in GitHub's description`];
  if (status < 200 || status > 299) return [];
  const response = operation.responses[String(status)];
  if (response === undefined) {
    const listed = Object.keys(operation.responses).join(", ");
    return [`${operationId} answers ${listed}, never ${status}`];
  }
  if (response.schema === undefined) {
    return body === undefined || body === "" ? [] : [`${operationId} answers ${status} without a body`];
  }
  const validate = validator(response.schema);
  return validate(body) ? [] : describe(`${status}`, validate.errors);
}

/** A fresh copy of the description's example answer (its `default` one) for `operationId` and `status`. */
export function exampleOf(operationId: string, status: number): Record<string, unknown> {
  const examples = operationOf(operationId).responses[String(status)]?.examples ?? {};
  const example = examples.default ?? Object.values(examples)[0];
  if (!isObject(example)) throw new Error(`${operationId} has no example answer for ${status}`);
  return structuredClone(example);
}
