// scripts/extract-github-openapi.mjs: its pure transform on a small hand-made description gives
// exactly the expected extract, the same bytes whatever the order of the input's keys, and the
// committed local/github/openapi.generated.json is what the transform makes of the operations it holds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract, OPERATIONS, serialize } from "../../scripts/extract-github-openapi.mjs";

const ROOT = join(import.meta.dirname, "../..");

/** A description with one operation, every kind of reference, documentation to drop and a property named `description`. */
function fixture() {
  return {
    openapi: "3.0.3",
    info: { version: "1.2.3", title: "fixture" },
    paths: {
      "/things/{thing_id}": {
        parameters: [{ $ref: "#/components/parameters/thing-id" }],
        post: {
          summary: "Make a thing",
          description: "Long words.",
          operationId: "things/make",
          "x-github": { category: "things" },
          parameters: [
            { name: "verbose", in: "query", description: "Say more.", schema: { type: "boolean", default: false } },
            { name: "x-trace", in: "header", schema: { type: "string" } },
            { name: "spec", in: "path", required: true, "x-multi-segment": true, schema: { type: "string" } },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/thing-input" } } },
          },
          responses: {
            "201": {
              description: "Made.",
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/thing" },
                  examples: { default: { $ref: "#/components/examples/thing" } },
                },
              },
            },
            "204": { description: "Nothing to say." },
            "422": { $ref: "#/components/responses/validation_failed" },
          },
        },
      },
    },
    components: {
      parameters: {
        "thing-id": {
          name: "thing_id",
          in: "path",
          required: true,
          description: "Its id.",
          schema: { type: "integer" },
        },
      },
      schemas: {
        "thing-input": {
          type: "object",
          description: "What to make.",
          properties: { name: { type: "string", example: "Mona" }, tags: { type: "array", items: { type: "string" } } },
          required: ["name"],
        },
        thing: {
          title: "Thing",
          type: "object",
          properties: {
            id: { type: "integer" },
            description: { type: "string", nullable: true, description: "A property named description stays." },
            owner: { $ref: "#/components/schemas/owner" },
          },
          required: ["id", "description"],
        },
        owner: { type: "object", properties: { login: { type: "string" } }, "x-stability": "stable" },
      },
      examples: { thing: { value: { id: 1, description: "An example keeps its words.", owner: { login: "mona" } } } },
      responses: { validation_failed: { description: "Validation failed" } },
    },
  };
}

const EXPECTED = {
  generated:
    "by scripts/extract-github-openapi.mjs from @octokit/openapi 1.2.3 (api.github.com): do not edit, run the script again",
  operations: {
    "things/make": {
      method: "POST",
      operationId: "things/make",
      parameters: [
        { in: "path", name: "thing_id", required: true, schema: { type: "integer" } },
        { in: "query", name: "verbose", required: false, schema: { default: false, type: "boolean" } },
        { in: "path", multiSegment: true, name: "spec", required: true, schema: { type: "string" } },
      ],
      path: "/things/{thing_id}",
      requestBody: {
        required: true,
        schema: {
          properties: { name: { type: "string" }, tags: { items: { type: "string" }, type: "array" } },
          required: ["name"],
          type: "object",
        },
      },
      responses: {
        "201": {
          examples: { default: { description: "An example keeps its words.", id: 1, owner: { login: "mona" } } },
          schema: {
            properties: {
              description: { nullable: true, type: "string" },
              id: { type: "integer" },
              owner: { properties: { login: { type: "string" } }, type: "object" },
            },
            required: ["id", "description"],
            type: "object",
          },
        },
        "204": {},
      },
    },
  },
};

/** `value` with every object's keys in reverse order (the same description, written otherwise). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reversed((value as Record<string, unknown>)[key])]),
  );
}

const ONE = [["post", "/things/{thing_id}"]] as const;

describe("the transform", () => {
  it("inlines every reference, keeps path and query parameters, success answers and examples, drops documentation", () => {
    expect(extract(fixture(), ONE)).toEqual(EXPECTED);
  });

  it("writes the same bytes for the same description, whatever the order of its keys, with keys sorted", () => {
    const text = serialize(extract(fixture(), ONE));
    expect(serialize(extract(fixture(), ONE))).toBe(text);
    expect(serialize(extract(reversed(fixture()), ONE))).toBe(text);
    expect(text).toBe(`${JSON.stringify(EXPECTED, null, 2)}\n`);
  });

  it("refuses an operation the description does not have, and a schema that refers to itself", () => {
    expect(() => extract(fixture(), [["get", "/things/{thing_id}"]])).toThrow(
      "GET /things/{thing_id} is not in the description",
    );
    const looped = fixture();
    looped.components.schemas.owner.properties = { login: { $ref: "#/components/schemas/owner" } } as never;
    expect(() => extract(looped, ONE)).toThrow("#/components/schemas/owner refers to itself");
  });
});

describe("the committed extract", () => {
  const committed = JSON.parse(readFileSync(join(ROOT, "local/github/openapi.generated.json"), "utf8")) as {
    generated: string;
    operations: Record<string, Operation>;
  };

  interface Operation {
    method: string;
    path: string;
    operationId: string;
    parameters: { name: string; in: string; required: boolean; schema: unknown; multiSegment?: boolean }[];
    requestBody?: { required: boolean; schema: unknown };
    responses: Record<string, { schema?: unknown; examples?: Record<string, unknown> }>;
  }

  /** The committed operations written back as an OpenAPI description. */
  function asDescription() {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const operation of Object.values(committed.operations)) {
      const responses = Object.fromEntries(
        Object.entries(operation.responses).map(([status, { schema, examples }]) => [
          status,
          schema === undefined
            ? { description: "none" }
            : {
                description: "answer",
                content: {
                  "application/json": {
                    schema,
                    examples: Object.fromEntries(
                      Object.entries(examples ?? {}).map(([name, value]) => [name, { value }]),
                    ),
                  },
                },
              },
        ]),
      );
      paths[operation.path] = {
        ...paths[operation.path],
        [operation.method.toLowerCase()]: {
          operationId: operation.operationId,
          parameters: operation.parameters.map(({ multiSegment, ...parameter }) => ({
            ...parameter,
            ...(multiSegment === true ? { "x-multi-segment": true } : {}),
          })),
          ...(operation.requestBody === undefined
            ? {}
            : {
                requestBody: {
                  required: operation.requestBody.required,
                  content: { "application/json": { schema: operation.requestBody.schema } },
                },
              }),
          responses,
        },
      };
    }
    return { openapi: "3.0.3", info: { version: /@octokit\/openapi (\S+)/.exec(committed.generated)?.[1] }, paths };
  }

  it("holds exactly the operations the script extracts, from a named package version, marked do not edit", () => {
    const held = Object.values(committed.operations).map((operation) => `${operation.method} ${operation.path}`);
    expect(held.sort()).toEqual(OPERATIONS.map(([method, path]) => `${method.toUpperCase()} ${path}`).sort());
    expect(committed.generated).toMatch(
      /^by scripts\/extract-github-openapi\.mjs from @octokit\/openapi \d+\.\d+\.\d+ .*do not edit/,
    );
  });

  it("is what the transform makes of it: references inlined, documentation dropped, keys sorted", () => {
    const again = extract(asDescription());
    expect(JSON.stringify(again)).toBe(JSON.stringify(committed));
    expect(JSON.stringify(committed)).not.toContain('"$ref"');
  });
});
