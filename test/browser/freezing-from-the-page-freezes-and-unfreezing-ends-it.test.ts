// Freeze and unfreeze from the dashboard: the button opens one confirmation with one reason (and
// the optional end of the freeze, read as UTC); the command goes on the record and the page says so.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

it("freezes with a reason and an end time read as UTC, shows the freeze, then unfreezes", async () => {
  const page = await (await signedIn(browser, { user: "ana@example.com" })).newPage();
  await page.goto(`${run.base}/`);
  expect(await page.locator("#frozen").count()).toBe(0);

  await page.getByRole("button", { name: "Freeze", exact: true }).click();
  const dialog = page.locator("dialog[open]");
  expect(await dialog.locator("form").count()).toBe(1);
  expect(await dialog.locator("input[name=reason]").count()).toBe(1);
  expect(await dialog.locator("button[type=submit]").count()).toBe(1);
  expect(await dialog.textContent()).toContain("UTC");
  await dialog.locator("input[name=until]").fill("2099-01-02T03:04");
  await dialog.locator("input[name=reason]").fill("INC-21: payments migration");
  await dialog.locator("button[type=submit]").click();
  await page.waitForURL(/done=frozen/);

  const banner = page.locator("#frozen");
  expect(await banner.textContent()).toContain("INC-21: payments migration");
  expect(await banner.textContent()).toContain("ana@example.com");
  expect(await banner.textContent()).toContain("until 2099-01-02 03:04 UTC");
  expect(await page.locator(".banner.done").textContent()).toContain("Frozen");
  expect((await run.read("/pipeline")).frozen).toMatchObject({
    actor: "ana@example.com",
    reason: "INC-21: payments migration",
    until: "2099-01-02T03:04:00.000Z",
  });
  // Frozen, the page offers Unfreeze and no Freeze.
  expect(await page.getByRole("button", { name: "Freeze", exact: true }).count()).toBe(0);

  await page.getByRole("button", { name: "Unfreeze", exact: true }).click();
  await page.locator("dialog[open] input[name=reason]").fill("migration done");
  await page.locator("dialog[open] button[type=submit]").click();
  await page.waitForURL(/done=unfrozen/);
  expect(await page.locator("#frozen").count()).toBe(0);
  expect((await run.read("/pipeline")).frozen).toBeNull();
});

it("a confirmation without a reason sends nothing", async () => {
  const page = await (await signedIn(browser)).newPage();
  await page.goto(`${run.base}/`);
  const requests: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") requests.push(request.url());
  });
  await page.getByRole("button", { name: "Freeze", exact: true }).click();
  await page.locator("dialog[open] button[type=submit]").click();
  expect(await page.locator("dialog[open]").count()).toBe(1);
  expect(requests).toEqual([]);
  expect((await run.read("/pipeline")).frozen).toBeNull();
});
