// Types of ./extract-github-openapi.mjs, for the tests that run its pure transform.

/** The [method, path] pairs extracted by default. */
export declare const OPERATIONS: readonly (readonly [string, string])[];
/** Where the script writes: local/github/openapi.generated.json. */
export declare const OUTPUT: string;
/** The extract of an OpenAPI 3.0 description: a pure function of its input. */
export declare function extract(
  description: unknown,
  operations?: readonly (readonly [string, string])[],
): { generated: string; operations: Record<string, unknown> };
/** The file's text before formatting: two-space JSON with a final newline. */
export declare function serialize(extracted: unknown): string;
