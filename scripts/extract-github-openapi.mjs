// Extracts the GitHub operations internalbf calls from GitHub's OpenAPI description (the
// `@octokit/openapi` package, 385 MB: never an install dependency) into the small file the GitHub
// stand-ins check requests and answers against, local/github/openapi.generated.json.
//
//   npm install --prefix /tmp/octokit-openapi @octokit/openapi@23.0.2 --no-save
//   node scripts/extract-github-openapi.mjs /tmp/octokit-openapi/node_modules/@octokit/openapi/generated/api.github.com.json
//
// Every `$ref` is resolved so the file stands alone; descriptions, titles and schema-level
// examples are dropped (the response examples are kept: the stand-ins build their answers from
// them); keys are sorted, so the same description always gives the same bytes.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** The operations internalbf sends (the App token one once it dispatches as a GitHub App). */
export const OPERATIONS = [
  ["post", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"],
  ["get", "/repos/{owner}/{repo}/compare/{basehead}"],
  ["get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"],
  ["get", "/repos/{owner}/{repo}/actions/runs/{run_id}"],
  ["post", "/app/installations/{installation_id}/access_tokens"],
];

export const OUTPUT = resolve(import.meta.dirname, "../local/github/openapi.generated.json");

// Keywords that only document a schema; validation never reads them.
const DOCUMENTATION = new Set(["description", "title", "summary", "example", "examples", "externalDocs", "deprecated"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_ONE = new Set(["items", "additionalProperties", "not", "contains", "propertyNames"]);

/** The extract of `description` (an OpenAPI 3.0 document): a pure function of its input. */
export function extract(description, operations = OPERATIONS) {
  const version = description.info?.version ?? "unknown";
  const extracted = {};
  for (const [method, path] of operations) {
    const operation = description.paths?.[path]?.[method];
    if (operation === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the description`);
    const pathLevel = description.paths[path].parameters ?? [];
    extracted[operation.operationId] = {
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      parameters: [...pathLevel, ...(operation.parameters ?? [])]
        .map((parameter) => deref(description, parameter, []))
        .filter((parameter) => parameter.in === "path" || parameter.in === "query")
        .map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required === true,
          schema: schemaOf(description, parameter.schema ?? {}, []),
          ...(parameter["x-multi-segment"] === true ? { multiSegment: true } : {}),
        })),
      ...requestBodyOf(description, operation.requestBody),
      responses: responsesOf(description, operation.responses ?? {}),
    };
  }
  return sortKeys({
    generated: `by scripts/extract-github-openapi.mjs from @octokit/openapi ${version} (api.github.com): do not edit, run the script again`,
    operations: extracted,
  });
}

/** The file's text: two-space JSON with a final newline. */
export function serialize(extracted) {
  return `${JSON.stringify(extracted, null, 2)}\n`;
}

/** `text` as the project's formatter lays it out (Biome folds short arrays), so `npm run lint` passes. */
function formatted(text) {
  const biome = resolve(import.meta.dirname, "../node_modules/.bin/biome");
  const result = spawnSync(biome, ["format", `--stdin-file-path=${OUTPUT}`], { input: text, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`biome format failed: ${result.stderr || result.error}`);
  return result.stdout;
}

function requestBodyOf(description, body) {
  if (body === undefined) return {};
  const resolved = deref(description, body, []);
  const json = resolved.content?.["application/json"];
  if (json === undefined) return {};
  return {
    requestBody: { required: resolved.required === true, schema: schemaOf(description, json.schema ?? {}, []) },
  };
}

/** The success answers (2xx): their JSON schema and named examples, or nothing for an empty answer. */
function responsesOf(description, responses) {
  const out = {};
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const json = deref(description, response, []).content?.["application/json"];
    if (json === undefined) {
      out[status] = {};
      continue;
    }
    const examples = {};
    for (const [name, example] of Object.entries(json.examples ?? {})) {
      examples[name] = deref(description, example, []).value;
    }
    out[status] = { schema: schemaOf(description, json.schema ?? {}, []), examples };
  }
  return out;
}

/** A schema with its references inlined and its documentation dropped (property names are kept). */
function schemaOf(description, schema, seen) {
  if (typeof schema !== "object" || schema === null) return schema;
  if (typeof schema.$ref === "string") {
    if (seen.includes(schema.$ref)) throw new Error(`${schema.$ref} refers to itself: it cannot be inlined`);
    return schemaOf(description, pointer(description, schema.$ref), [...seen, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOCUMENTATION.has(key) || key.startsWith("x-")) continue;
    if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, schemaOf(description, child, seen)]),
      );
    } else if (SCHEMA_LISTS.has(key) || (key === "items" && Array.isArray(value))) {
      out[key] = value.map((child) => schemaOf(description, child, seen));
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = schemaOf(description, value, seen);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A parameter, body, response or example object with its own `$ref` followed. */
function deref(description, object, seen) {
  if (typeof object?.$ref !== "string") return object;
  if (seen.includes(object.$ref)) throw new Error(`${object.$ref} refers to itself`);
  return deref(description, pointer(description, object.$ref), [...seen, object.$ref]);
}

function pointer(description, ref) {
  if (!ref.startsWith("#/")) throw new Error(`${ref} is not a reference into the same document`);
  let at = description;
  for (const part of ref.slice(2).split("/")) {
    at = at?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  if (at === undefined) throw new Error(`${ref} does not resolve`);
  return at;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  const [source, target = OUTPUT] = process.argv.slice(2);
  if (source === undefined) {
    process.stderr.write(
      "usage: node scripts/extract-github-openapi.mjs <@octokit/openapi's generated/api.github.com.json> [output]\n",
    );
    process.exit(2);
  }
  const text = formatted(serialize(extract(JSON.parse(readFileSync(source, "utf8")))));
  writeFileSync(target, text);
  process.stderr.write(`wrote ${target} (${text.length} bytes)\n`);
}
