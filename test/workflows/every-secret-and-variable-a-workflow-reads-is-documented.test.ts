import { describe, expect, it } from "vitest";
import {
  type Documented,
  infraReadmeSecrets,
  REPOSITORY,
  type Read,
  readmeNames,
  readRepositoryFile,
  workflowReads,
} from "./support/secret-names";

// GitHub provides this one to every job; nobody sets it.
const PROVIDED = new Set(["GITHUB_TOKEN"]);
const reads = workflowReads().filter((read) => !(read.kind === "secret" && PROVIDED.has(read.name)));
const documented = readmeNames(readRepositoryFile("README.md"));

const expression = (read: { kind: string; name: string }) =>
  `${read.kind === "secret" ? "secrets" : "vars"}.${read.name}`;
const where = (read: Read) =>
  `${read.file}${read.job === null ? "" : ` job ${read.job}`}${read.environment === null ? "" : ` (environment ${read.environment})`}`;
const isDocumented = (kind: string, name: string, scope: string) =>
  documented.some((one) => one.kind === kind && one.name === name && one.scope === scope);

// A repository secret reaches every job, an environment's only the jobs that name it.
function documents(read: Read): boolean {
  return (
    isDocumented(read.kind, read.name, REPOSITORY) ||
    (read.environment !== null && isDocumented(read.kind, read.name, read.environment))
  );
}

// Inside an environment its own secret shadows a repository secret of the same name.
function isRead(entry: Documented): boolean {
  return reads.some(
    (read) =>
      read.kind === entry.kind &&
      read.name === entry.name &&
      (entry.scope === REPOSITORY
        ? read.environment === null || !isDocumented(read.kind, read.name, read.environment)
        : read.environment === entry.scope),
  );
}

describe("README.md's secrets and variables tables", () => {
  it("are found: the repository's table and the production environment's, each with secrets and variables", () => {
    for (const scope of [REPOSITORY, "production"]) {
      expect(
        documented.filter((one) => one.scope === scope && one.kind === "secret"),
        scope,
      ).not.toEqual([]);
      expect(
        documented.filter((one) => one.scope === scope && one.kind === "variable"),
        scope,
      ).not.toEqual([]);
    }
    expect(reads.length).toBeGreaterThan(0);
  });

  it("list every secret and variable a workflow reads, with its kind, where that job can read it", () => {
    const missing = [
      ...new Set(reads.filter((read) => !documents(read)).map((read) => `${expression(read)} in ${where(read)}`)),
    ];

    expect(
      missing,
      'read by a workflow but not in README.md: add it to "Repository secrets and variables" (or to its environment\'s table)',
    ).toEqual([]);
  });

  it("list only names that some workflow reads", () => {
    const unread = documented.filter((entry) => !isRead(entry)).map((entry) => `${expression(entry)} (${entry.scope})`);

    expect(
      unread,
      "in README.md's tables but read by no workflow there: remove it, or fix its name or its table",
    ).toEqual([]);
  });
});

it.each([
  ["staging", "deploy-staging.yml"],
  ["production", "deploy-production.yml"],
] as const)("names in infra/README.md's %s column only secrets that %s reads", (column, file) => {
  const read = new Set(reads.filter((one) => one.kind === "secret" && one.file === file).map((one) => one.name));
  const listed = infraReadmeSecrets(readRepositoryFile("infra/README.md"))[column];
  const unread = listed.filter((name) => !read.has(name));

  expect(listed).not.toEqual([]);
  expect(unread, `in infra/README.md's ${column} column but not read by ${file}: use the workflow's name`).toEqual([]);
});
