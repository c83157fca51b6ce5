// Reads the Terraform configurations under infra/terraform with @cdktf/hcl2json (offline, no
// terraform binary) and evaluates the few expression shapes the tests need to follow.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse } from "@cdktf/hcl2json";

/** Root of the repository. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** Folder holding the module and the environments. */
export const TERRAFORM_ROOT = join(REPO_ROOT, "infra/terraform");
/** The two environments; production must mirror staging. */
export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A block's attributes as hcl2json gives them; expressions are "${...}" strings. */
export type Block = Record<string, unknown>;

/** One Terraform folder, its files merged the way Terraform merges them. */
export interface TerraformConfig {
  readonly dir: string;
  readonly terraform: Block[];
  readonly variables: Record<string, Block>;
  readonly locals: Record<string, unknown>;
  readonly providers: Record<string, Block>;
  readonly modules: Record<string, Block>;
  readonly resources: Array<{
    readonly address: string;
    readonly type: string;
    readonly body: Block;
  }>;
  readonly outputs: Record<string, Block>;
  readonly imports: Block[];
}

/** Narrow an hcl2json value to an object, or fail naming what was expected. */
export function asBlock(value: unknown, what: string): Block {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Block;
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** hcl2json gives each labelled block as a one-element list; take the single body. */
function single(value: unknown, what: string): Block {
  const list = asList(value, what);
  if (list.length !== 1) {
    throw new Error(`${what}: declared ${list.length} times`);
  }
  return asBlock(list[0], what);
}

/** Every file below dir whose name ends with one of the suffixes, as paths relative to the repo. */
export function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, {
    withFileTypes: true,
    recursive: true,
  })) {
    if (entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix))) {
      found.push(relative(REPO_ROOT, join(entry.parentPath, entry.name)));
    }
  }
  return found.sort();
}

/** Parse one HCL file (a .tf or a .tfvars) to JSON; rejects with the parser's message. */
export async function parseHcl(path: string): Promise<Block> {
  const absolute = resolve(REPO_ROOT, path);
  return asBlock(await parse(absolute, readFileSync(absolute, "utf8")), path);
}

/** Parse and merge every .tf file of one folder (not its subfolders). */
export async function loadConfig(dir: string): Promise<TerraformConfig> {
  const absolute = resolve(TERRAFORM_ROOT, dir);
  const config: TerraformConfig = {
    dir,
    terraform: [],
    variables: {},
    locals: {},
    providers: {},
    modules: {},
    resources: [],
    outputs: {},
    imports: [],
  };
  const names = readdirSync(absolute)
    .filter((name) => name.endsWith(".tf"))
    .sort();
  for (const name of names) {
    const file = await parseHcl(join(absolute, name));
    const where = `${dir}/${name}`;
    for (const [kind, content] of Object.entries(file)) {
      switch (kind) {
        case "terraform":
          for (const body of asList(content, where)) config.terraform.push(asBlock(body, where));
          break;
        case "locals":
          for (const body of asList(content, where)) Object.assign(config.locals, asBlock(body, where));
          break;
        case "import":
          for (const body of asList(content, where)) config.imports.push(asBlock(body, where));
          break;
        case "variable":
        case "provider":
        case "module":
        case "output": {
          const target = {
            variable: config.variables,
            provider: config.providers,
            module: config.modules,
            output: config.outputs,
          }[kind];
          for (const [label, bodies] of Object.entries(asBlock(content, where))) {
            if (label in target) throw new Error(`${where}: ${kind} "${label}" declared twice`);
            target[label] = single(bodies, `${where} ${kind} "${label}"`);
          }
          break;
        }
        case "resource":
          for (const [type, byName] of Object.entries(asBlock(content, where))) {
            for (const [label, bodies] of Object.entries(asBlock(byName, where))) {
              const address = `${type}.${label}`;
              config.resources.push({
                address,
                type,
                body: single(bodies, `${where} ${address}`),
              });
            }
          }
          break;
        default:
          throw new Error(`${where}: unexpected top-level block "${kind}"`);
      }
    }
  }
  return config;
}

/** Values the evaluator can look up: root variables, and example values for module outputs. */
export interface Scope {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly locals: Readonly<Record<string, unknown>>;
  readonly moduleOutputs: Readonly<Record<string, unknown>>;
}

const REFERENCE = /^\$\{(var|local)\.([A-Za-z_][\w-]*)\}$/;
const INDEXED = /^\$\{var\.([A-Za-z_][\w-]*)\[local\.([A-Za-z_][\w-]*)\]\}$/;
const MODULE_OUTPUT = /^\$\{module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)\}$/;
const JSONENCODE = /^\$\{jsonencode\((var|local)\.([A-Za-z_][\w-]*)\)\}$/;

function lookup(scope: Scope, kind: string, name: string): unknown {
  const table = kind === "var" ? scope.vars : scope.locals;
  if (!(name in table)) throw new Error(`${kind}.${name} is not defined`);
  const value = table[name];
  return kind === "var" ? value : evaluate(value, scope);
}

/**
 * Evaluate a literal, var.x, local.x, var.x[local.y], module.m.o or jsonencode(var.x) the way Terraform would;
 * any other expression throws, so a test never passes on something it did not understand.
 */
export function evaluate(expression: unknown, scope: Scope): unknown {
  if (Array.isArray(expression)) return expression.map((item) => evaluate(item, scope));
  if (typeof expression !== "string") return expression;
  const reference = REFERENCE.exec(expression);
  if (reference) return lookup(scope, reference[1] ?? "", reference[2] ?? "");
  const indexed = INDEXED.exec(expression);
  if (indexed) {
    const table = asBlock(lookup(scope, "var", indexed[1] ?? ""), `var.${indexed[1]}`);
    const key = lookup(scope, "local", indexed[2] ?? "");
    if (typeof key !== "string" || !(key in table)) throw new Error(`var.${indexed[1]} has no ${JSON.stringify(key)}`);
    return table[key];
  }
  const moduleOutput = MODULE_OUTPUT.exec(expression);
  if (moduleOutput) {
    const key = `${moduleOutput[1]}.${moduleOutput[2]}`;
    if (!(key in scope.moduleOutputs)) throw new Error(`no example value for module.${key}`);
    return scope.moduleOutputs[key];
  }
  const encoded = JSONENCODE.exec(expression);
  if (encoded) return JSON.stringify(lookup(scope, encoded[1] ?? "", encoded[2] ?? ""));
  if (expression.includes("${")) throw new Error(`cannot evaluate ${expression}`);
  return expression;
}

/** infra/terraform/names.tfvars: the names both environments read (-var-file=../names.tfvars). */
export const NAMES_FILE = "infra/terraform/names.tfvars";

/** The names as Terraform reads them from NAMES_FILE. */
export function readNames(): Promise<Block> {
  return parseHcl(NAMES_FILE);
}

/** One name of NAMES_FILE that must be a string, e.g. nameIn(names, "domains", "staging"). */
export function nameIn(names: Block, ...path: string[]): string {
  let value: unknown = names;
  for (const key of path) value = asBlock(value, `${NAMES_FILE} ${path.join(".")}`)[key];
  if (typeof value !== "string") throw new Error(`${NAMES_FILE} sets no ${path.join(".")}`);
  return value;
}

/** The root variables with their defaults, then NAMES_FILE, then the folder's terraform.tfvars.example. */
export async function exampleVars(config: TerraformConfig): Promise<Record<string, unknown>> {
  const vars: Record<string, unknown> = {};
  for (const [name, body] of Object.entries(config.variables)) {
    if ("default" in body) vars[name] = body.default;
  }
  const files: Array<[string, Block]> = [
    [NAMES_FILE, await readNames()],
    [
      `${config.dir}/terraform.tfvars.example`,
      await parseHcl(join(TERRAFORM_ROOT, config.dir, "terraform.tfvars.example")),
    ],
  ];
  for (const [file, values] of files) {
    for (const [name, value] of Object.entries(values)) {
      if (!(name in config.variables)) throw new Error(`${file} sets ${name}, which is not a variable`);
      vars[name] = value;
    }
  }
  const missing = Object.keys(config.variables).filter((name) => !(name in vars));
  if (missing.length > 0) {
    throw new Error(
      `${NAMES_FILE} and ${config.dir}/terraform.tfvars.example leave required ${missing.join(", ")} unset`,
    );
  }
  return vars;
}

/** An example public IPv4 address (TEST-NET-3) standing in for the server's. */
export const EXAMPLE_SERVER_IPV4 = "203.0.113.10";

/** Scope for evaluating an environment with its example values. */
export async function exampleScope(config: TerraformConfig): Promise<Scope> {
  return {
    vars: await exampleVars(config),
    locals: config.locals,
    moduleOutputs: { "server.ipv4_address": EXAMPLE_SERVER_IPV4 },
  };
}

/** The one module call of an environment, which every environment must have. */
export function serverModule(config: TerraformConfig): Block {
  const call = config.modules.server;
  if (call === undefined) throw new Error(`${config.dir} does not call module "server"`);
  return call;
}

/** Read a file of an environment folder. */
export function readEnvironmentFile(environment: Environment, name: string): string {
  return readFileSync(join(TERRAFORM_ROOT, environment, name), "utf8");
}
