// A GitHub App's installation token, through @octokit/auth-app (its Web Crypto path, which runs on
// workerd without nodejs_compat): the App's JWT (RS256, iss = the App, 10 minutes at most) asks
// `POST /app/installations/{id}/access_tokens` for a token narrowed to the one repository and the
// permissions internalbf uses. Caching it is the Pipeline's (pipeline/github-token.ts).
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import type { Config } from "../config";
import { log } from "../log";
import { type Attempt, classifyStatus, describeNetworkError, failed, succeeded } from "./attempt";
import type { GitHubAuth } from "./github-app-settings";

/** Time limit of the token request (as of any GitHub call). */
const TOKEN_TIMEOUT_MS = 10_000;

/** What internalbf does with the token: dispatch and list runs (Actions write), compare (Contents read). */
export const APP_PERMISSIONS = { actions: "write", contents: "read" } as const;

/** An installation token and when GitHub says it expires (ms). */
export interface InstallationToken {
  readonly token: string;
  readonly expiresAt: number;
}

type App = Extract<GitHubAuth, { kind: "app" }>;

/** Asks GitHub for a new installation token of `app`, narrowed to `github`'s repository. */
export async function mintInstallationToken(github: Config["github"], app: App): Promise<Attempt<InstallationToken>> {
  const octokit = new Octokit({ baseUrl: github.apiUrl, userAgent: "internalbf", request: { retries: 0 } });
  const auth = createAppAuth({
    appId: app.appId,
    privateKey: app.privateKey,
    installationId: app.installationId,
    request: octokit.request.defaults({ request: { signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) } }),
    // The Pipeline keeps the token (in storage, across restarts): no second cache in memory ("" is a miss).
    cache: { get: () => "", set: () => undefined },
    log: { warn: (message: string) => log("warn", "github_app", { message: message.slice(0, 300) }) },
  });
  try {
    const minted = await auth({
      type: "installation",
      refresh: true,
      repositoryNames: [github.repo],
      permissions: APP_PERMISSIONS,
    });
    const expiresAt = Date.parse(minted.expiresAt);
    if (Number.isNaN(expiresAt)) return failed(true, "GitHub's installation token came without a valid expires_at");
    return succeeded({ token: minted.token, expiresAt });
  } catch (error) {
    return refusal(error, github, app);
  }
}

/** Why no token came, in words that say what to fix; never the key, the JWT or a token. */
function refusal(error: unknown, github: Config["github"], app: App): Attempt<never> {
  const failure = error as { status?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
  const asked = `the GitHub App token request (installation ${app.installationId})`;
  if (typeof failure.status !== "number" || failure.response === undefined) {
    if (error instanceof Error && /private key|pkcs|importKey|DataError/i.test(`${error.name} ${error.message}`)) {
      return failed(
        false,
        "GITHUB_APP_PRIVATE_KEY could not be imported: set it to the App's key, converted to PKCS#8",
      );
    }
    return failed(true, `${asked} failed: ${describeNetworkError(error)}`);
  }
  const status = failure.status;
  const data = failure.response.data as { message?: unknown } | undefined;
  const message = typeof data?.message === "string" ? `: ${data.message.slice(0, 200)}` : "";
  const text = `${asked} answered ${status}${message}`;
  // A JWT GitHub did not take: a key of another App, a clock out of step, or GitHub itself. Retried.
  if (status === 401)
    return failed(true, `${text} (check that GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY are one App's)`);
  if (status === 404) {
    return failed(false, `${text}: GITHUB_APP_INSTALLATION_ID is not an installation of App ${app.appId}`);
  }
  if (status === 422) {
    return failed(
      false,
      `${text}: install the App on ${github.owner}/${github.repo} with Actions read and write and Contents read`,
    );
  }
  const { retryable, notBefore } = classifyStatus(status, new Headers(failure.response.headers ?? {}), Date.now());
  return failed(retryable, text, notBefore);
}
