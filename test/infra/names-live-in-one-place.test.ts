// The names a team changes to adopt internalbf (the GitHub owner, the domains and servers, the
// state buckets, the release owners) live in one place per layer. The test reads them from those
// places, so it still holds after an adopter changes them, and fails on any other line of any file
// git lists (tracked, or new and not ignored) that repeats one, naming the file, the line and where
// the name lives. The repository's name alone is not searched (a word as common as "monorepo" or
// "app"); "owner/name" is, through the owner.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./terraform";

/** Lines of one file that are a layer's one place for the names their named groups capture. */
interface Home {
  readonly file: string;
  readonly line: RegExp;
  readonly why: string;
}

const HOMES: readonly Home[] = [
  {
    file: "wrangler.toml",
    line: /^GITHUB_OWNER = "(?<name>[^"]+)"$/,
    why: "the worker's vars: [vars], and [env.staging.vars] again (an environment inherits none)",
  },
  {
    file: "infra/terraform/names.tfvars",
    line: /^\s*\w+\s*= "(?<name>[^"]+)"$/,
    why: "Terraform's names for both environments (-var-file=../names.tfvars)",
  },
  {
    file: "infra/terraform/staging/state.s3.tfbackend",
    line: /^bucket = "(?<name>[^"]+)"$/,
    why: "staging's state bucket: a backend reads no variables (-backend-config)",
  },
  {
    file: "infra/terraform/production/state.s3.tfbackend",
    line: /^bucket = "(?<name>[^"]+)"$/,
    why: "production's state bucket: a backend reads no variables (-backend-config)",
  },
  {
    file: ".github/workflows/deploy-staging.yml",
    line: /^ {2}STAGING_URL: https:\/\/(?<name>[^/\s]+)$/,
    why: "the workflow's env block, read by every job",
  },
  {
    file: ".github/workflows/deploy-staging.yml",
    line: /^ {6}- "(?<name>apps\/[^"/*]+)\/\*\*"$/,
    why: "the site's folder in on.push.paths: GitHub evaluates no expression in on:",
  },
  {
    file: ".github/workflows/deploy-production.yml",
    line: /^ {2}PRODUCTION_URL: https:\/\/(?<name>[^/\s]+)$/,
    why: "the workflow's env block, read by every job",
  },
  {
    file: ".github/CODEOWNERS",
    line: /^\/\S*\s+@(?<name>[\w.-]+\/(?<team>[\w.-]+))$/,
    why: "CODEOWNERS reads no variables: each rule names the team, and nothing else does",
  },
];

/** Files that may repeat the names, by path or folder prefix, and why. */
const EXEMPT: ReadonlyArray<{ readonly path: string; readonly why: string }> = [
  { path: "README.md", why: "the guide states the defaults where it explains each setting" },
  { path: "worker/worker-configuration.d.ts", why: "generated from wrangler.toml by npm run types" },
  { path: "bench/", why: "load fixtures: they sign notifications for a repository, as tests do" },
  { path: "test/", why: "fixtures that simulate a repository (notifications, run URLs, a fake site)" },
];

/** Folders of test/ that test the configuration itself: they read the one places, never repeat them. */
const CONFIGURATION_TESTS = ["test/infra/", "test/workflows/", "test/cli/"];

function isExempt(file: string): boolean {
  if (CONFIGURATION_TESTS.some((folder) => file.startsWith(folder))) return false;
  return EXEMPT.some(({ path }) => (path.endsWith("/") ? file.startsWith(path) : file === path));
}

/** Every file git lists: tracked, and new ones not ignored; none deleted from the work tree. */
function listedFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split("\0").filter((file) => file !== ""))].filter((file) =>
    existsSync(join(REPO_ROOT, file)),
  );
}

/** A text file's lines; null for a binary file (it holds a NUL) or one that is gone. */
function linesOf(file: string): string[] | null {
  const path = join(REPO_ROOT, file);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, "utf8");
  return text.includes("\0") ? null : text.split("\n");
}

function homeLines(home: Home): Array<{ index: number; names: string[] }> {
  return (linesOf(home.file) ?? []).flatMap((line, index) => {
    const groups = home.line.exec(line)?.groups;
    return groups === undefined ? [] : [{ index, names: Object.values(groups).filter((name) => name !== undefined) }];
  });
}

/** Each name, with the homes it was read from. */
function namesFromHomes(): Map<string, Home[]> {
  const names = new Map<string, Home[]>();
  for (const home of HOMES) {
    for (const { names: found } of homeLines(home)) {
      for (const name of found) names.set(name, [...new Set([...(names.get(name) ?? []), home])]);
    }
  }
  return names;
}

const asPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Every line outside the homes and the exemptions that repeats a name, as "file:line: text". */
function repeatedNames(): string[] {
  const names = namesFromHomes();
  const patterns = [...names.keys()].map((name) => ({
    name,
    pattern: new RegExp(`(?<![a-z0-9])${asPattern(name)}(?![a-z0-9])`, "i"),
  }));
  const allowed = new Set(HOMES.flatMap((home) => homeLines(home).map(({ index }) => `${home.file}:${index}`)));
  const found: string[] = [];
  for (const file of listedFiles().filter((one) => !isExempt(one))) {
    (linesOf(file) ?? []).forEach((line, index) => {
      if (allowed.has(`${file}:${index}`)) return;
      for (const { name, pattern } of patterns) {
        if (!pattern.test(line)) continue;
        const homes = [...new Set((names.get(name) ?? []).map((home) => home.file))].join(", ");
        found.push(`${file}:${index + 1}: ${line.trim()}\n    repeats "${name}", which lives in ${homes}`);
        break;
      }
    });
  }
  return found;
}

describe("the names a team changes live in one place per layer", () => {
  it("finds each place, and a name in it", () => {
    for (const home of HOMES) {
      expect(homeLines(home), `${home.file} has no line like ${home.line} (${home.why})`).not.toEqual([]);
    }
    const tooShort = [...namesFromHomes().keys()].filter((name) => name.trim().length < 3);
    expect(tooShort, "a name this short would be found everywhere").toEqual([]);
  });

  it("repeats none of them in any other file or line", () => {
    expect(repeatedNames(), "move each into its one place, or read it from there").toEqual([]);
  });

  it("exempts only folders and files that exist, and no configuration test", () => {
    const files = listedFiles();
    for (const { path } of EXEMPT)
      expect(
        files.some((file) => file === path || file.startsWith(path)),
        path,
      ).toBe(true);
    const configurationTests = files.filter((file) => CONFIGURATION_TESTS.some((folder) => file.startsWith(folder)));
    expect(configurationTests).not.toEqual([]);
    expect(configurationTests.filter(isExempt)).toEqual([]);
  });
});
