// What a local internalbf runs with. The credentials are published (they are in this file and the
// README), which is fine on 127.0.0.1 against a stand-in and refused against real GitHub: anyone on
// the machine could sign a staging success with them.
import { join } from "node:path";
import { ROOT } from "./action.ts";

/** The signing secret `npm start` gives the worker and the stand-in's workflow (and the demo) sign with. */
export const LOCAL_SECRET = "whsec_bG9jYWwtZGV2ZWxvcG1lbnQtc2VjcmV0LTMyYnl0ZXM=";
/** The worker's ADMIN_TOKEN: the dashboard's password, the CLI's INTERNALBF_ADMIN_TOKEN. */
export const LOCAL_ADMIN = "local-admin";
/** What the worker sends the stand-in as its GitHub token (the stand-in takes any). */
export const LOCAL_GITHUB_TOKEN = "local-github-token";
/** Where `npm start` keeps the worker's state (gitignored), and the stand-in's beside it. */
export const STATE_DIR = join(ROOT, ".wrangler/state");
export const DEFAULT_PORT = 8787;

/** The names the worker reads from wrangler.toml's [vars] that the stand-in must agree with. */
export interface Names {
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string;
  readonly ref: string;
}

/** wrangler.toml's [vars], as the worker sees them. */
export async function names(): Promise<Names> {
  const { unstable_readConfig } = await import("wrangler");
  const vars = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }).vars as Record<string, string>;
  return {
    owner: vars.GITHUB_OWNER ?? "",
    repo: vars.GITHUB_REPO ?? "",
    workflow: vars.PRODUCTION_WORKFLOW ?? "",
    ref: vars.PRODUCTION_REF ?? "",
  };
}

/** PORT (default 8787): the worker's; the GitHub stand-in takes the next one. */
export function portOf(env: Readonly<Record<string, string | undefined>>): number | { readonly refusal: string } {
  const raw = env.PORT?.trim() ?? "";
  if (raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65_534) {
    return {
      refusal: `PORT must be a whole number from 1024 to 65534 (the GitHub stand-in takes PORT+1), got "${raw}"`,
    };
  }
  return port;
}

const PUBLISHED: Readonly<Record<string, string>> = {
  WEBHOOK_AUTH_TOKEN: LOCAL_SECRET,
  ADMIN_TOKEN: LOCAL_ADMIN,
  GITHUB_TOKEN: LOCAL_GITHUB_TOKEN,
};

/**
 * The worker's secrets for talking to real GitHub (`npm start -- --github`), or why not: each must be
 * set, and none may be a published local one.
 */
export function realGitHubSecrets(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> | { readonly refusal: string } {
  const secrets: Record<string, string> = {};
  for (const [name, published] of Object.entries(PUBLISHED)) {
    const value = env[name]?.trim() ?? "";
    if (value === "") {
      return { refusal: `--github needs your own ${name} in the environment (see README, "Deploy it for real")` };
    }
    if (value === published || Object.values(PUBLISHED).includes(value)) {
      return {
        refusal: `--github refuses the published local ${name}: anyone on this machine could use it. Set one of your own.`,
      };
    }
    secrets[name] = value;
  }
  return secrets;
}
