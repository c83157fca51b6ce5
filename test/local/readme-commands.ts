// The commands in README.md's `sh` blocks, split as a shell reads them (quotes, `\` continuations,
// comments, `&&` and `;`), each with the kind of check that vouches for it. Pure: reading the
// README, nothing runs here.

/** How the README test vouches for a command. */
export type Kind =
  /** Variables, `export`s and shell functions that later commands use, as in one terminal. */
  | "setup"
  /** Run here, against one local worker and stand-in (the CLI, notify, curl to them, …). */
  | "run"
  /** Too slow or too big to run here (`npm start`, `npm test`, …): a test or CI runs it as written. */
  | "elsewhere"
  /** Acts on a deployed worker or on GitHub: nothing to run offline. */
  | "remote"
  /** None of the above: the test cannot vouch for it, so it fails. */
  | "unknown";

export interface ShellCommand {
  /** README.md's line where it starts. */
  readonly line: number;
  /** As a shell runs it: continuations joined, comments dropped. */
  readonly text: string;
  /** The first pipeline stage's words, unquoted, with leading NAME=value assignments dropped. */
  readonly words: readonly string[];
  readonly kind: Kind;
  /** A Wrangler command: its subcommand and flags are checked against `wrangler … --help`. */
  readonly wrangler: boolean;
}

const FENCE_OPEN = /^(\s*)```sh\s*$/;
const FENCE_CLOSE = /^\s*```\s*$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const FUNCTION = /^\s*([A-Za-z_][A-Za-z0-9_]*)\(\)\s*\{/;
/** An address on this machine. */
export const LOCAL_URL = /\b(localhost|127\.0\.0\.1)(:\d+)?\b/;

/** Every command of every `sh` block in `markdown`, in order, with its kind. */
export function shCommands(markdown: string): ShellCommand[] {
  const functions = new Set<string>();
  const localVariables = new Set<string>();
  return shBlocks(markdown)
    .flatMap(({ text, line }) => splitCommands(text, line))
    .map(({ text, line }) => {
      // A redirection (`< key.pem`) is the shell's, not the command's.
      const words = wordsOf(stagesOf(text)[0] ?? "").filter(
        (word, index, all) => !/^[<>]$/.test(word) && !/^[<>]$/.test(all[index - 1] ?? ""),
      );
      const defined = FUNCTION.exec(text)?.[1];
      if (defined !== undefined) functions.add(defined);
      const command = words.filter((_, index) => !words.slice(0, index + 1).every((word) => ASSIGNMENT.test(word)));
      const kind = defined !== undefined ? "setup" : kindOf(command, text, functions, localVariables);
      // A variable set to a local address makes a curl through it local (`"$IBF/health"`).
      for (const word of kind === "setup" ? words : []) {
        const [name = "", value = ""] = word.split(/=(.*)/s);
        if (ASSIGNMENT.test(word) && LOCAL_URL.test(value)) localVariables.add(name);
      }
      const [program, first] = command;
      const wrangler = program === "wrangler" || (program === "npx" && first === "wrangler");
      return { line, text, words: command, kind, wrangler };
    });
}

function kindOf(
  words: readonly string[],
  text: string,
  functions: ReadonlySet<string>,
  localVariables: ReadonlySet<string>,
): Kind {
  const [program, ...args] = words;
  if (program === undefined || (program === "export" && args.every((arg) => ASSIGNMENT.test(arg)))) return "setup";
  if (functions.has(program)) return "run";
  const plain = args.filter((arg) => arg !== "--silent");
  switch (program) {
    case "npx":
    case "wrangler": {
      if (program === "npx" && args[0] !== "wrangler") return "unknown";
      return args.includes("--local") || args.includes("--dry-run") ? "run" : "remote";
    }
    case "curl": {
      const refersLocal = [...localVariables].some((name) => text.includes(`$${name}`) || text.includes(`\${${name}}`));
      if (LOCAL_URL.test(text) || refersLocal) return "run";
      return /https:\/\//.test(text) ? "remote" : "unknown";
    }
    case "gh":
    case "openssl":
      // Run against GitHub, or on a key of one's own: named, not run here.
      return "remote";
    case "npm":
      return plain[0] === "run" && (plain[1] === "internalbf" || plain[1] === "notify") ? "run" : "elsewhere";
    case "node":
      return args[0] === "-e" || args[0] === "--eval" || args[0] === "cli/main.ts" ? "run" : "elsewhere";
    default:
      return "unknown";
  }
}

/** The `sh` blocks, each with the README line of its first line, indentation of a list item removed. */
export function shBlocks(markdown: string): Array<{ text: string; line: number }> {
  const blocks: Array<{ text: string; line: number }> = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const indent = FENCE_OPEN.exec(lines[index] ?? "")?.[1];
    if (indent === undefined) continue;
    const body: string[] = [];
    const first = index + 2;
    for (index++; index < lines.length && !FENCE_CLOSE.test(lines[index] ?? ""); index++) {
      const text = lines[index] ?? "";
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    blocks.push({ text: body.join("\n"), line: first });
  }
  return blocks;
}

/** A block's commands: one a line, or more joined by `&&` or `;`, a `\` continuing a line. */
export function splitCommands(block: string, firstLine: number): Array<{ text: string; line: number }> {
  const found: Array<{ text: string; line: number }> = [];
  let current = "";
  let start = firstLine;
  let line = firstLine;
  let quote: string | null = null;
  let braces = 0;
  const end = () => {
    if (current.trim() !== "") found.push({ text: current.trim(), line: start });
    current = "";
  };
  for (let at = 0; at < block.length; at++) {
    const char = block[at] ?? "";
    if (current.trim() === "" && char.trim() !== "") start = line;
    if (char === "\n") line++;
    if (quote !== null) {
      current += char;
      if (char === quote) quote = null;
      else if (char === "\\" && quote === '"') current += block[++at] ?? "";
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      current += char;
    } else if (char === "\\" && block[at + 1] === "\n") {
      at++;
      line++;
      current += " ";
    } else if (char === "#" && (current === "" || /\s$/.test(current))) {
      while (at + 1 < block.length && block[at + 1] !== "\n") at++;
    } else if (braces === 0 && (char === "\n" || char === ";" || (char === "&" && block[at + 1] === "&"))) {
      if (char === "&") at++;
      end();
    } else {
      if (char === "{") braces++;
      if (char === "}") braces--;
      current += char;
    }
  }
  end();
  return found;
}

/** A command's pipeline stages (split on a `|` outside quotes). */
export function stagesOf(text: string): string[] {
  const stages: string[] = [""];
  let quote: string | null = null;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? "";
    if (quote === null && char === "|" && text[at + 1] !== "|" && text[at - 1] !== "|") {
      stages.push("");
      continue;
    }
    if (quote === null && (char === "'" || char === '"')) quote = char;
    else if (char === quote) quote = null;
    stages[stages.length - 1] += char;
  }
  return stages.map((stage) => stage.trim());
}

/** A stage's words, split on whitespace outside quotes, quotes removed. */
export function wordsOf(stage: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const char of stage) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word = (word ?? "") + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= "";
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
