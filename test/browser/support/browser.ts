// Headless Chromium for the dashboard's acceptance tests, as the E2E suite launches it
// (CHROMIUM_PATH, else Debian's /usr/bin/chromium), kept on this machine: every host name but
// 127.0.0.1 fails to resolve, and nothing runs in the background.
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../../e2e/staging/suite.ts";
import { ADMIN } from "./local-run.ts";

const ARGS = [...CHROMIUM_ARGS, "--disable-default-apps", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

/** Chromium, launched. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ARGS });
}

export interface ContextOptions {
  /** The Basic-auth user name: who acts (default ana@example.com). */
  readonly user?: string;
  readonly width?: number;
  readonly height?: number;
  readonly javaScriptEnabled?: boolean;
}

/** A browser context signed in with ADMIN_TOKEN as the Basic-auth password, the user name as the actor. */
export function signedIn(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    httpCredentials: { username: options.user ?? "ana@example.com", password: ADMIN },
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}
