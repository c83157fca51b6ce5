// The operator CLI's commands and options: what each takes and what its help says. The parser, the
// routes and the help all read this one table, so a command is added in one place.

/** A command's name, as typed. */
export type CommandName =
  | "status"
  | "history"
  | "show"
  | "events"
  | "promote"
  | "rollback"
  | "hold"
  | "release"
  | "freeze"
  | "unfreeze"
  | "block"
  | "unblock"
  | "retry"
  | "abandon"
  | "emergency";

/** An option that takes a value. */
export type ValueOption =
  | "reason"
  | "to"
  | "until"
  | "limit"
  | "cursor"
  | "sha"
  | "environment"
  | "status"
  | "actor"
  | "idempotency-key";

/** An option that is a switch. */
export type FlagOption = "json" | "verbose" | "help";

export interface CommandSpec {
  readonly name: CommandName;
  /** One line, for the list of commands. */
  readonly summary: string;
  /** Takes a commit (<sha>: the full SHA or a unique prefix of at least 7 hex characters). */
  readonly commit: boolean;
  /** Changes the pipeline: needs --reason, which goes on the record with who acted. */
  readonly mutating: boolean;
  /** The value options it takes besides --reason and --actor. */
  readonly options: readonly ValueOption[];
  /** What it does, for its help. */
  readonly details: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "status",
    summary: "the pipeline: live, in flight, waiting, blocked, frozen, on hold",
    commit: false,
    mutating: false,
    options: [],
    details:
      "Shows the live commit, the one in flight, the waiting queue in the order it would go, blocked commits, the freeze and the hold, and the outbox.",
  },
  {
    name: "history",
    summary: "deployments, newest first",
    commit: false,
    mutating: false,
    options: ["environment", "status", "limit", "cursor"],
    details: "Lists deployments newest first, a page at a time; the last line names the --cursor of the next page.",
  },
  {
    name: "show",
    summary: "one commit's record: environments, audit trail, open effects",
    commit: true,
    mutating: false,
    options: [],
    details: "Shows a commit's staging and production deployments, its audit trail and its outbox entries.",
  },
  {
    name: "events",
    summary: "the audit trail, newest first",
    commit: false,
    mutating: false,
    options: ["sha", "limit", "cursor"],
    details: "Lists the audit trail newest first (of one commit with --sha), a page at a time.",
  },
  {
    name: "promote",
    summary: "dispatch a commit that passed staging",
    commit: true,
    mutating: true,
    options: [],
    details:
      "Dispatches <sha>, which passed staging, to production (internalbf-manual-promote). A commit behind live also puts automatic promotion on hold, so the next success does not undo it.",
  },
  {
    name: "rollback",
    summary: "hold automatic promotion and redeploy an earlier live commit",
    commit: false,
    mutating: true,
    options: ["to"],
    details:
      "Puts automatic promotion on hold and dispatches --to, or the commit live before the current one (internalbf-rollback). Allowed while frozen.",
  },
  {
    name: "hold",
    summary: "hold automatic promotion",
    commit: false,
    mutating: true,
    options: [],
    details: "Holds automatic promotion: successes on staging wait until released. Commands still go.",
  },
  {
    name: "release",
    summary: "release the hold",
    commit: false,
    mutating: true,
    options: [],
    details: "Releases the hold; with no freeze, the newest waiting success ahead of live is promoted.",
  },
  {
    name: "freeze",
    summary: "freeze every promotion but rollback and emergency",
    commit: false,
    mutating: true,
    options: ["until"],
    details:
      "Freezes every promotion but rollback and emergency, until --until (an ISO-8601 time) or until unfrozen. Waiting commits go back to held.",
  },
  {
    name: "unfreeze",
    summary: "end the freeze",
    commit: false,
    mutating: true,
    options: [],
    details: "Ends the freeze; with no hold, the newest waiting success ahead of live is promoted.",
  },
  {
    name: "block",
    summary: "never promote a commit (but by an emergency)",
    commit: true,
    mutating: true,
    options: [],
    details:
      "Marks <sha> never to be promoted, automatically or by hand (an emergency still may). Live, it stays live: roll back to remove it.",
  },
  {
    name: "unblock",
    summary: "lift a block",
    commit: true,
    mutating: true,
    options: [],
    details: "Lifts the block on <sha>: it returns to held.",
  },
  {
    name: "retry",
    summary: "dispatch again a deployment that is dispatch_failed",
    commit: true,
    mutating: true,
    options: [],
    details: "Dispatches <sha> again, whose production dispatch failed (dispatch_failed).",
  },
  {
    name: "abandon",
    summary: "give up the deployment that holds the slot",
    commit: true,
    mutating: true,
    options: [],
    details:
      "Gives up <sha>, which holds the production slot: it becomes abandoned, its pending effects are cancelled and the queue moves on. Nothing is sent to GitHub.",
  },
  {
    name: "emergency",
    summary: "dispatch any commit the production ref contains, past every check",
    commit: true,
    mutating: true,
    options: [],
    details:
      "Dispatches <sha>, which PRODUCTION_REF must contain, past staging, freeze, hold and block (internalbf-emergency), and alerts. A full SHA internalbf has never seen may go.",
  },
];

interface OptionSpec {
  /** The value's placeholder in the help, or null for a switch. */
  readonly value: string | null;
  readonly help: string;
}

export const OPTIONS: Readonly<Record<ValueOption | FlagOption, OptionSpec>> = {
  reason: { value: "<text>", help: "why, 1-1,000 characters (required: it goes on the record)" },
  to: { value: "<sha>", help: "the commit to roll back to (a full SHA or a unique prefix); it must have been live" },
  until: { value: "<time>", help: "when the freeze ends, an ISO-8601 time (e.g. 2026-12-01T18:00:00Z)" },
  limit: { value: "<n>", help: "how many to list, 1-100 (default 50)" },
  cursor: { value: "<cursor>", help: "the page after this one (the cursor a previous page named)" },
  sha: { value: "<sha>", help: "only this commit's events (a full SHA or a unique prefix)" },
  environment: { value: "<env>", help: "only staging or production" },
  status: { value: "<status>", help: "only deployments in this status (e.g. live, held, dispatch_failed)" },
  actor: {
    value: "<name>",
    help: "who is acting (default: INTERNALBF_ACTOR, else your user name; not with Access)",
  },
  "idempotency-key": {
    value: "<key>",
    help: "a retry with the same key within 24 h does nothing again",
  },
  json: { value: null, help: "print the server's JSON answer instead of a table" },
  verbose: { value: null, help: "print each request's method, URL and status to stderr" },
  help: { value: null, help: "this help" },
};

/** The command called `name`, or undefined. */
export function commandNamed(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** The value options `command` takes, in the order its help lists them. */
export function valueOptionsOf(command: CommandSpec): readonly ValueOption[] {
  return [
    ...(command.mutating ? (["reason"] as const) : []),
    ...command.options,
    ...(command.mutating ? (["actor", "idempotency-key"] as const) : []),
  ];
}

const FLAGS: readonly FlagOption[] = ["json", "verbose", "help"];

/** Whether `name` is a switch (takes no value). */
export function isFlag(name: string): name is FlagOption {
  return (FLAGS as readonly string[]).includes(name);
}

/** `internalbf <command> --help`. */
export function commandHelp(command: CommandSpec): string {
  const options = valueOptionsOf(command);
  const synopsis = [
    `internalbf ${command.name}`,
    ...(command.commit ? ["<sha>"] : []),
    ...options.map((name) => {
      const shown = `--${name} ${OPTIONS[name].value ?? ""}`;
      return name === "reason" ? shown : `[${shown}]`;
    }),
    "[--json]",
    "[--verbose]",
  ].join(" ");
  const rows = [...options, ...FLAGS].map((name): [string, string] => {
    const value = OPTIONS[name].value;
    const shown = name === "help" ? "-h, --help" : `--${name}${value === null ? "" : ` ${value}`}`;
    return [shown, OPTIONS[name].help];
  });
  const width = Math.max(...rows.map(([shown]) => shown.length));
  const lines = [
    `usage: ${synopsis}`,
    "",
    ...wrap(command.details, 100),
    ...(command.commit ? ["", "<sha> is the full SHA or a unique prefix of at least 7 hex characters."] : []),
    "",
    "options:",
    ...rows.map(([shown, help]) => `  ${shown.padEnd(width)}  ${help}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** `internalbf --help`: every command, the settings and the exit codes. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = [
    "usage: internalbf <command> [options]     (from a checkout: npm run --silent internalbf -- <command>)",
    "",
    "commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "`internalbf <command> --help` says what a command takes.",
    "",
    "settings (environment):",
    "  INTERNALBF_URL                    the worker, https (plain http only on loopback)",
    "  INTERNALBF_ADMIN_TOKEN            the worker's ADMIN_TOKEN, sent as a bearer token",
    "  INTERNALBF_ACCESS_CLIENT_ID       a Cloudflare Access service token's client id, and",
    "  INTERNALBF_ACCESS_CLIENT_SECRET   its secret: sent instead of the admin token when both are set",
    "  INTERNALBF_ACTOR                  who is acting with the admin token (--actor wins; default: your user name)",
    "",
    "exit codes: 0 done, 1 refused or unreachable (the server's message is printed), 2 usage error.",
  ];
  return `${lines.join("\n")}\n`;
}
