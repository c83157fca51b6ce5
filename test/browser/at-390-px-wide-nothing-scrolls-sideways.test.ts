// On a phone (390 px wide) every page fits its width: long SHAs, URLs, details and reasons wrap,
// and the tables become stacked cards.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;
const LONG = "x".repeat(400);

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  run.outside.state().history = [sha(1), sha(2), sha(3)];
  await run.goLive(sha(1));
  await run.stage(sha(2), true);
  await run.stage(sha(3));
  await run.notify({
    event: "staging_deployment_complete",
    status: "failure",
    commit_sha: sha(5),
    details: `E2E failed: ${LONG}`,
    run_url: `https://ci.example.invalid/${LONG}`,
    actor: `someone-with-a-very-long-name-${LONG}`,
  });
  await run.command("POST", "/freeze", { reason: `INC-40: ${LONG}` });
  await run.command("POST", "/hold", { reason: LONG });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

const pages = () => ["/", `/deployments/${sha(5)}`, `/deployments/${sha(1)}`, "/?confirm=unfreeze"];

it.each([true, false])("no page scrolls sideways at 390 px (JavaScript %s)", async (javaScriptEnabled) => {
  const page = await (await signedIn(browser, { width: 390, height: 844, javaScriptEnabled })).newPage();
  for (const path of pages()) {
    await page.goto(`${run.base}${path}`);
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect({ path, scroll }).toEqual({ path, scroll: Math.min(scroll, inner) });
  }
});

it("a confirmation dialog fits the phone's width too", async () => {
  const page = await (await signedIn(browser, { width: 390, height: 844 })).newPage();
  await page.goto(`${run.base}/`);
  await page.getByRole("button", { name: "Unfreeze", exact: true }).click();
  const box = await page.locator("dialog[open]").boundingBox();
  expect(box).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

it("shows the recent deployments as stacked cards on a phone", async () => {
  const page = await (await signedIn(browser, { width: 390, height: 844 })).newPage();
  await page.goto(`${run.base}/`);
  const display = await page
    .locator("#recent tbody tr")
    .first()
    .evaluate((row) => getComputedStyle(row).display);
  expect(display).toBe("block");
});
