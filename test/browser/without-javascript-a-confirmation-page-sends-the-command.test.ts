// With JavaScript off the dashboard still reads and acts: a command's button opens its confirmation
// as a page of its own (?confirm=), whose one form sends the command and comes back to the page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { ADMIN, type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  run.outside.state().history = [sha(1)];
  await run.goLive(sha(1));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

it("Hold opens its confirmation page, which holds, and the dashboard says so", async () => {
  const page = await (await signedIn(browser, { javaScriptEnabled: false })).newPage();
  await page.goto(`${run.base}/`);
  expect(await page.locator("#live").textContent()).toContain(sha(1).slice(0, 7));
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  await page.waitForURL(`${run.base}/?confirm=hold`);
  expect(await page.locator("main form").count()).toBe(1);
  expect(await page.locator("main input[name=reason]").count()).toBe(1);
  expect(await page.locator("main button[type=submit]").count()).toBe(1);
  await page.locator("input[name=reason]").fill("INC-60: no script");
  await page.locator("main button[type=submit]").click();
  await page.waitForURL(`${run.base}/?done=on_hold`);
  expect(await page.locator(".banner.done").textContent()).toContain("on hold");
  expect(await page.locator("#on-hold").textContent()).toContain("INC-60: no script");
});

it("a commit's command confirms on the commit's page and comes back to it", async () => {
  const page = await (await signedIn(browser, { javaScriptEnabled: false })).newPage();
  await page.goto(`${run.base}/deployments/${sha(1)}`);
  await page.getByRole("button", { name: `Block ${sha(1).slice(0, 7)}`, exact: true }).click();
  await page.locator("input[name=reason]").fill("INC-61: bad migration");
  await page.locator("main button[type=submit]").click();
  await page.waitForURL(`${run.base}/deployments/${sha(1)}?done=blocked`);
  expect(await page.getByRole("button", { name: `Unblock ${sha(1).slice(0, 7)}`, exact: true }).count()).toBe(1);
  expect(await page.locator("#audit").textContent()).toContain("INC-61: bad migration");
});

it("shows a refusal's message as the page's banner, and a link's own words not at all", async () => {
  const page = await (await signedIn(browser, { javaScriptEnabled: false })).newPage();
  // Only #1 was ever live: a rollback is refused, and the page comes back saying why.
  await page.goto(`${run.base}/?confirm=rollback`);
  await page.locator("input[name=reason]").fill("INC-62: try it");
  await page.locator("main button[type=submit]").click();
  await page.waitForURL(/refused=/);
  expect(await page.locator(".banner.refused").textContent()).toContain("nothing earlier was live");
  // The same query typed or followed from elsewhere is not internalbf's answer: no banner.
  await page.goto(`${run.base}/?refused=${encodeURIComponent("<b>sign in again</b> at evil.invalid")}`);
  expect(await page.locator(".banner.refused").count()).toBe(0);
});

it("a bearer token, which names no one, sees the buttons disabled and why", async () => {
  const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } });
  const page = await context.newPage();
  await page.goto(`${run.base}/`);
  expect(await page.locator("#controls").textContent()).toContain(
    "sign in with Basic auth (your name as user) or Access to act",
  );
  const buttons = page.locator("main button");
  expect(await buttons.count()).toBeGreaterThan(0);
  expect(await page.locator("main button:not([disabled])").count()).toBe(0);
  expect(await page.locator("dialog").count()).toBe(0);
});

it("without credentials the page is 401 with the Basic challenge", async () => {
  const response = await fetch(`${run.base}/`, { headers: { accept: "text/html" } });
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="internalbf"/);
});
