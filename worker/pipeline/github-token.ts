// The GitHub App's installation token, kept in the Pipeline's settings table: every call, and the
// object after a restart, reuses it until fewer than five minutes remain; a 401 drops it. One token
// is asked for at a time, however many outbox entries want one together. The worker's own calls (an
// emergency's compare) take it from here too, over RPC. The token is never logged or shown.
import type { Config } from "../config";
import { type Attempt, succeeded } from "../effects/attempt";
import type { GitHub } from "../effects/github";
import { type InstallationToken, mintInstallationToken } from "../effects/github-app";
import type { GitHubAuth } from "../effects/github-app-settings";
import {
  type Credentials,
  fixedToken,
  heldCredentials,
  NO_CREDENTIALS,
  type Token,
} from "../effects/github-credentials";
import type { Settings } from "./store/settings";
import { pipelineOf } from "./stub";

/** The settings row that keeps the token. */
export const APP_TOKEN = "github_app_token";
/** A kept token with less than this left is replaced before it is used. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

type App = Extract<GitHubAuth, { kind: "app" }>;

interface Kept {
  readonly token: string;
  readonly expires_at: number;
  /** Whose token it is: another App, installation, repository or API is never handed this one. */
  readonly for: string;
}

/** The App's installation token, from storage while it is good, else new from GitHub. */
export class InstallationTokens implements Credentials {
  private asking: Promise<Attempt<Token>> | null = null;
  private readonly owner: string;

  constructor(
    private readonly settings: Settings,
    private readonly transact: <T>(write: () => T) => T,
    private readonly github: Config["github"],
    private readonly app: App,
    private readonly mint: typeof mintInstallationToken = mintInstallationToken,
  ) {
    this.owner = `${app.appId}/${app.installationId} ${github.apiUrl}/${github.owner}/${github.repo}`;
  }

  token(): Promise<Attempt<Token>> {
    const kept = this.kept();
    if (kept !== null && kept.expires_at - Date.now() > REFRESH_BEFORE_MS) {
      return Promise.resolve(succeeded({ token: kept.token, renewable: true, cached: true }));
    }
    this.asking ??= this.renew().finally(() => {
      this.asking = null;
    });
    return this.asking;
  }

  refused(token: string): Promise<void> {
    if (this.kept()?.token === token) this.transact(() => this.settings.set(APP_TOKEN, null));
    return Promise.resolve();
  }

  private async renew(): Promise<Attempt<Token>> {
    const minted: Attempt<InstallationToken> = await this.mint(this.github, this.app);
    if (!minted.ok) return minted;
    const { token, expiresAt } = minted.value;
    const kept: Kept = { token, expires_at: expiresAt, for: this.owner };
    this.transact(() => this.settings.set(APP_TOKEN, JSON.stringify(kept)));
    return succeeded({ token, renewable: true, cached: false });
  }

  private kept(): Kept | null {
    const value = this.settings.get(APP_TOKEN);
    if (value === null) return null;
    const kept = JSON.parse(value) as Partial<Kept>;
    if (kept.for !== this.owner || typeof kept.token !== "string" || typeof kept.expires_at !== "number") return null;
    return kept as Kept;
  }
}

/** GitHub as the Pipeline calls it: an App's token kept in its storage, or GITHUB_TOKEN. */
export function pipelineGitHub(
  github: Config["github"],
  settings: Settings,
  transact: <T>(write: () => T) => T,
): GitHub {
  const { auth } = github;
  if (auth.kind !== "app" || github.invalid.length > 0) return { ...github, credentials: plainCredentials(github) };
  return { ...github, credentials: new InstallationTokens(settings, transact, github, auth) };
}

/** GitHub as the worker calls it (outside the Pipeline): an App's token comes from the Pipeline's storage. */
export function workerGitHub(env: Env, config: Config): GitHub {
  if (config.github.auth.kind !== "app" || config.github.invalid.length > 0)
    return { ...config.github, credentials: plainCredentials(config.github) };
  const pipeline = (): ReturnType<typeof pipelineOf> => pipelineOf(env, config.repository);
  return {
    ...config.github,
    credentials: {
      token: async () => (await pipeline().githubToken()) as Attempt<Token>,
      refused: async (token) => {
        await pipeline().githubTokenRefused(token);
      },
    },
  };
}

/** Credentials that need no storage: GITHUB_TOKEN, none, or none while a setting failed validation. */
function plainCredentials(github: Config["github"]): Credentials {
  if (github.invalid.length > 0) return heldCredentials(github.invalid);
  return github.auth.kind === "token" ? fixedToken(github.auth.token) : NO_CREDENTIALS;
}
