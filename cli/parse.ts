// argv → what to do: a command with its checked options, a help text, or a usage error (exit 2)
// carrying the help of the command it was about. Pure: no environment, no I/O.
import {
  type CommandName,
  type CommandSpec,
  commandHelp,
  commandNamed,
  isFlag,
  mainHelp,
  OPTIONS,
  type ValueOption,
  valueOptionsOf,
} from "./commands.ts";

/** A command to run, its options checked. */
export interface Invocation {
  readonly command: CommandName;
  /** The <sha> argument, lowercased, or null for a command that takes none. */
  readonly commit: string | null;
  readonly options: Readonly<Partial<Record<ValueOption, string>>>;
  readonly json: boolean;
  readonly verbose: boolean;
}

export type Parsed =
  | { readonly kind: "run"; readonly invocation: Invocation }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "usage"; readonly message: string; readonly help: string };

const COMMIT = /^[0-9a-f]{7,40}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;
const MAX_REASON = 1000;

/** Parses the arguments after the program's name. */
export function parse(argv: readonly string[]): Parsed {
  const words: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const problems: string[] = [];

  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? "";
    if (word === "--") {
      words.push(...argv.slice(index + 1));
      break;
    }
    if (word === "-h") {
      flags.add("help");
      continue;
    }
    if (!word.startsWith("-") || word === "-") {
      words.push(word);
      continue;
    }
    if (!word.startsWith("--")) {
      problems.push(`unknown option ${word}`);
      continue;
    }
    const equals = word.indexOf("=");
    const name = word.slice(2, equals < 0 ? undefined : equals);
    if (isFlag(name)) {
      if (equals >= 0) problems.push(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) value = word.slice(equals + 1);
    else {
      const next = argv[index + 1];
      // A value that starts with "-" is given as --name=value: "-h" after "--reason" is the help.
      if (next !== undefined && !next.startsWith("-")) {
        value = next;
        index++;
      }
    }
    if (value === undefined) {
      problems.push(`--${name} needs a value`);
      continue;
    }
    if (values.has(name)) problems.push(`--${name} is given twice`);
    values.set(name, value);
  }

  const [first, ...rest] = words;
  if (first === "help") {
    const about = rest[0] === undefined ? undefined : commandNamed(rest[0]);
    if (rest[0] !== undefined && about === undefined) return usage(`unknown command ${rest[0]}`, mainHelp());
    return { kind: "help", text: about === undefined ? mainHelp() : commandHelp(about) };
  }
  if (first === undefined) {
    return flags.has("help") ? { kind: "help", text: mainHelp() } : usage("name a command", mainHelp());
  }
  const command = commandNamed(first);
  if (command === undefined) return usage(`unknown command ${first}`, mainHelp());
  const help = commandHelp(command);
  if (flags.has("help")) return { kind: "help", text: help };
  if (problems.length > 0) return usage(problems.join("; "), help);

  // --actor is taken everywhere (like --json), so one alias serves every command; reads ignore it.
  const taken: readonly string[] = [...valueOptionsOf(command), "actor"];
  for (const name of values.keys()) {
    if (!taken.includes(name)) {
      return usage(
        Object.hasOwn(OPTIONS, name) ? `${command.name} takes no --${name}` : `unknown option --${name}`,
        help,
      );
    }
  }
  const checked = checkOptions(command, values);
  if (typeof checked === "string") return usage(checked, help);

  let commit: string | null = null;
  if (command.commit) {
    const [text, ...extra] = rest;
    if (text === undefined) return usage(`${command.name} needs a commit: <sha>`, help);
    if (extra.length > 0) return usage(`unexpected argument ${extra[0]}`, help);
    commit = text.toLowerCase();
    if (!COMMIT.test(commit))
      return usage(`${text} is not a commit: give the full SHA or at least its first 7 hex characters`, help);
  } else if (rest.length > 0) {
    return usage(`unexpected argument ${rest[0]}`, help);
  }
  return {
    kind: "run",
    invocation: {
      command: command.name,
      commit,
      options: checked,
      json: flags.has("json"),
      verbose: flags.has("verbose"),
    },
  };
}

/** The options, each checked; or what is wrong with the first that is not right. */
function checkOptions(
  command: CommandSpec,
  values: ReadonlyMap<string, string>,
): Partial<Record<ValueOption, string>> | string {
  const options: Partial<Record<ValueOption, string>> = {};
  for (const [name, value] of values) {
    const problem = problemWith(name as ValueOption, value);
    if (problem !== null) return `--${name} ${problem}`;
    options[name as ValueOption] = name === "to" || name === "sha" ? value.toLowerCase() : value;
  }
  if (command.mutating && options.reason === undefined) {
    return `${command.name} needs --reason: why, in 1-1,000 characters (it goes on the record)`;
  }
  return options;
}

function problemWith(name: ValueOption, value: string): string | null {
  switch (name) {
    case "reason":
      if (value.trim().length === 0) return "must say why (1-1,000 characters)";
      return value.length > MAX_REASON ? "is at most 1,000 characters" : null;
    case "to":
    case "sha":
      return COMMIT.test(value.toLowerCase())
        ? null
        : "must be a full commit SHA or at least its first 7 hex characters";
    case "until":
      return ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : "must be an ISO-8601 time, e.g. 2026-12-01T18:00:00Z";
    case "limit":
      return /^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 100 ? null : "must be 1 to 100";
    case "cursor":
      return /^\d{1,15}$/.test(value) ? null : "must be the cursor a previous page named";
    case "environment":
      return value === "staging" || value === "production" ? null : "must be staging or production";
    case "status":
      return /^[a-z_]{1,32}$/.test(value) ? null : "must be a status word, e.g. live";
    case "actor":
      return value.trim().length === 0 ? "must name who is acting" : null;
    case "idempotency-key":
      return /^[\x21-\x7e]{1,200}$/.test(value) ? null : "must be 1-200 printable ASCII characters without spaces";
  }
}

function usage(message: string, help: string): Parsed {
  return { kind: "usage", message, help };
}
