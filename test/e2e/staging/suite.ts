/**
 * The staging E2E suite: checks that a deployed site serves the commit under test, that
 * its health path answers, that its page renders, and that the page logs no errors.
 *
 * The served version's contract: `GET <health path>` answers 200 with JSON
 * `{ "status": "ok", "commit": "<40-hex sha>" }`, and the page at `/` carries
 * `<meta name="version" content="<40-hex sha>">`.
 *
 * Run it as a command (Node 24 runs this file as it is):
 *   STAGING_URL=https://boltfoundry.wtf EXPECTED_SHA=<sha> node test/e2e/staging/suite.ts
 * Optional: HEALTH_PATH (default /health), VERSION_WAIT_SECONDS (default 0: how long to wait
 * for a rollout to serve the commit), CHROMIUM_PATH (default /usr/bin/chromium).
 * This file imports nothing local, so that Node can run it without a build step.
 */
import process from "node:process";
import { chromium } from "playwright-core";

/** What the suite needs to know about the site and the browser. */
export interface StagingSuiteOptions {
  baseUrl: string;
  expectedSha: string;
  healthPath: string;
  versionWaitSeconds: number;
  chromiumPath: string;
}

/** The outcome of one check; a check after a failed version check is skipped. */
export interface CheckResult {
  name: string;
  outcome: "passed" | "failed" | "skipped";
  message: string;
}

/** Every check in the order it ran, and whether all of them passed. */
export interface SuiteResult {
  ok: boolean;
  checks: CheckResult[];
}

/** The suite's check names, the same words the command prints. */
export const CHECKS = {
  version: "staging serves the commit under test",
  health: "the health path answers",
  page: "the page renders",
  console: "the page logs no console errors",
} as const;

/** How the suite launches Chromium: headless, quiet, nothing in the background (the dashboard's browser tests add to it). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SHA = /^[0-9a-f]{40}$/;
const REQUEST_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 1_000;

/** Runs the checks against the site; never throws for a site that misbehaves. */
export async function runStagingSuite(options: StagingSuiteOptions): Promise<SuiteResult> {
  const checks: CheckResult[] = [];
  const version = await checkVersion(options);
  checks.push(version);
  if (version.outcome !== "passed") {
    // A site that serves another commit says nothing about this one: stop here.
    for (const name of [CHECKS.health, CHECKS.page, CHECKS.console]) {
      checks.push({ name, outcome: "skipped", message: "not run: the version check failed" });
    }
    return { ok: false, checks };
  }
  checks.push(await checkHealth(options));
  checks.push(...(await checkPage(options)));
  return { ok: checks.every((check) => check.outcome === "passed"), checks };
}

function url(options: StagingSuiteOptions, path: string): string {
  return new URL(path, options.baseUrl).toString();
}

async function readHealth(
  options: StagingSuiteOptions,
): Promise<{ status: number; body: unknown } | { error: string }> {
  try {
    const response = await fetch(url(options, options.healthPath), {
      headers: { accept: "application/json", "cache-control": "no-cache" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function commitOf(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "commit" in body) {
    const commit = body.commit;
    return typeof commit === "string" ? commit : undefined;
  }
  return undefined;
}

async function checkVersion(options: StagingSuiteOptions): Promise<CheckResult> {
  const deadline = Date.now() + options.versionWaitSeconds * 1000;
  const where = url(options, options.healthPath);
  for (;;) {
    const health = await readHealth(options);
    let message: string;
    if ("error" in health) {
      message = `${where} did not answer: ${health.error}`;
    } else {
      const commit = commitOf(health.body);
      if (commit === options.expectedSha) {
        return { name: CHECKS.version, outcome: "passed", message: `${where} reports ${commit}` };
      }
      message =
        commit === undefined
          ? `${where} answered ${health.status} without a "commit" field`
          : `staging serves ${commit}, expected ${options.expectedSha} (from ${where})`;
    }
    if (Date.now() + POLL_INTERVAL_MS > deadline) {
      return { name: CHECKS.version, outcome: "failed", message };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function checkHealth(options: StagingSuiteOptions): Promise<CheckResult> {
  const where = url(options, options.healthPath);
  const health = await readHealth(options);
  if ("error" in health) {
    return { name: CHECKS.health, outcome: "failed", message: `${where} did not answer: ${health.error}` };
  }
  const status =
    typeof health.body === "object" && health.body !== null && "status" in health.body ? health.body.status : undefined;
  if (health.status !== 200 || status !== "ok") {
    return {
      name: CHECKS.health,
      outcome: "failed",
      message: `${where} answered ${health.status} with status ${JSON.stringify(status)}, expected 200 and "ok"`,
    };
  }
  return { name: CHECKS.health, outcome: "passed", message: `${where} answered 200, status "ok"` };
}

async function checkPage(options: StagingSuiteOptions): Promise<CheckResult[]> {
  const browser = await chromium.launch({ executablePath: options.chromiumPath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => {
      errors.push(`uncaught: ${error.message}`);
    });

    const where = url(options, "/");
    let rendered: CheckResult;
    try {
      const response = await page.goto(where, { waitUntil: "load", timeout: NAVIGATION_TIMEOUT_MS });
      // Late scripts still get their chance to log; a page that never settles is not an error.
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
      const problems: string[] = [];
      const status = response?.status() ?? 0;
      if (status < 200 || status >= 400) problems.push(`answered ${status}`);
      const version = await page
        .locator('meta[name="version"]')
        .first()
        .getAttribute("content", { timeout: 1_000 })
        .catch(() => null);
      if (version !== options.expectedSha) {
        problems.push(`carries version ${JSON.stringify(version)}, expected ${options.expectedSha}`);
      }
      if ((await page.title()).trim() === "") problems.push("has no title");
      const body = page.locator("body");
      // Visible text, which is what a person sees (textContent would count a script's source too).
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, not the DOM property
      const text = await body.innerText({ timeout: 1_000 }).catch(() => "");
      if (text.trim() === "") problems.push("shows no text");
      rendered =
        problems.length === 0
          ? { name: CHECKS.page, outcome: "passed", message: `${where} rendered version ${version}` }
          : { name: CHECKS.page, outcome: "failed", message: `${where} ${problems.join("; ")}` };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      rendered = { name: CHECKS.page, outcome: "failed", message: `${where} did not load: ${reason}` };
    }
    const quiet: CheckResult =
      errors.length === 0
        ? { name: CHECKS.console, outcome: "passed", message: "no console errors" }
        : { name: CHECKS.console, outcome: "failed", message: errors.join(" | ") };
    return [rendered, quiet];
  } finally {
    await browser.close();
  }
}

/** The environment variables the command reads. */
export type Environment = Record<string, string | undefined>;

/** Reads the suite's options from the environment; throws a message a person can act on. */
export function optionsFromEnv(env: Environment): StagingSuiteOptions {
  const baseUrl = env.STAGING_URL ?? "";
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new Error(`STAGING_URL must be the site's base URL (http or https), got ${JSON.stringify(baseUrl)}`);
  }
  const expectedSha = env.EXPECTED_SHA ?? "";
  if (!SHA.test(expectedSha)) {
    throw new Error(`EXPECTED_SHA must be a 40-hex commit SHA, got ${JSON.stringify(expectedSha)}`);
  }
  const wait = Number(env.VERSION_WAIT_SECONDS ?? "0");
  if (!Number.isFinite(wait) || wait < 0) {
    throw new Error(
      `VERSION_WAIT_SECONDS must be a number of seconds, got ${JSON.stringify(env.VERSION_WAIT_SECONDS)}`,
    );
  }
  return {
    baseUrl,
    expectedSha,
    healthPath: env.HEALTH_PATH || "/health",
    versionWaitSeconds: wait,
    chromiumPath: env.CHROMIUM_PATH || "/usr/bin/chromium",
  };
}

/** The command: prints one line a check and exits 0 when all passed, 1 when not, 2 on bad options. */
export async function main(env: Environment): Promise<number> {
  let options: StagingSuiteOptions;
  try {
    options = optionsFromEnv(env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  console.log(`Staging E2E suite: ${options.baseUrl}, expecting ${options.expectedSha}`);
  const result = await runStagingSuite(options);
  for (const check of result.checks) {
    const mark = { passed: "ok  ", failed: "FAIL", skipped: "skip" }[check.outcome];
    console.log(`${mark} ${check.name}: ${check.message}`);
    if (check.outcome === "failed" && env.GITHUB_ACTIONS === "true") {
      console.log(`::error title=${check.name}::${check.message}`);
    }
  }
  console.log(result.ok ? "All staging checks passed." : "Staging checks failed.");
  return result.ok ? 0 : 1;
}

if (process.argv[1] === import.meta.filename) {
  process.exitCode = await main(process.env);
}
