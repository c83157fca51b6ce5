// What Terraform hands to the servers and to Kamal, rendered here the way templatefile()
// renders it, from the environment's terraform.tfvars.example.
import { render, type TemplateValue } from "./render";
import {
  type Environment,
  evaluate,
  exampleScope,
  loadConfig,
  readEnvironmentFile,
  serverModule,
  type TerraformConfig,
} from "./terraform";

/** A rendered template, with the variables it was rendered from. */
export interface Rendered {
  readonly text: string;
  readonly vars: Record<string, TemplateValue>;
  readonly config: TerraformConfig;
}

/** The expression Terraform must use to render `file` with `local.<localName>`. */
function templatefileCall(file: string, localName: string): string {
  return `\${templatefile("\${path.module}/${file}", local.${localName})}`;
}

async function renderFromLocal(
  environment: Environment,
  file: string,
  localName: string,
  usedBy: (config: TerraformConfig) => unknown,
): Promise<Rendered> {
  const config = await loadConfig(environment);
  const expected = templatefileCall(file, localName);
  if (usedBy(config) !== expected) {
    throw new Error(`${environment}: expected ${expected}, found ${JSON.stringify(usedBy(config))}`);
  }
  const scope = await exampleScope(config);
  const vars: Record<string, TemplateValue> = {};
  for (const [name, value] of Object.entries(evaluateObject(config.locals[localName], scope, localName))) {
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new Error(`local.${localName}.${name} is not a string, number or bool`);
    }
    vars[name] = value;
  }
  return {
    text: render(readEnvironmentFile(environment, file), vars),
    vars,
    config,
  };
}

function evaluateObject(value: unknown, scope: Parameters<typeof evaluate>[1], what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`local.${what} is not an object`);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, scope)]));
}

/** cloud-init.yml as the server receives it (the module's user_data). */
export function renderCloudInit(environment: Environment): Promise<Rendered> {
  return renderFromLocal(environment, "cloud-init.yml", "cloud_init_vars", (config) => serverModule(config).user_data);
}

/** deploy.yml.tpl as the output kamal_deploy_yml gives it. */
export function renderKamalConfig(environment: Environment): Promise<Rendered> {
  return renderFromLocal(
    environment,
    "deploy.yml.tpl",
    "kamal_vars",
    (config) => config.outputs.kamal_deploy_yml?.value,
  );
}
