// Roll back from the dashboard: internalbf dispatches the commit that was live before (GitHub, the
// fake, receives it as internalbf-rollback) and puts automatic promotion on hold, which the page shows.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  run.outside.state().history = [sha(1), sha(2)];
  await run.goLive(sha(1));
  await run.goLive(sha(2));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

it("dispatches the commit live before the current one, and the hold banner appears", async () => {
  const page = await (await signedIn(browser, { user: "bo@example.com" })).newPage();
  await page.goto(`${run.base}/`);
  expect(await page.locator("#live").textContent()).toContain(sha(2).slice(0, 7));
  expect(await page.locator("#on-hold").count()).toBe(0);
  const before = run.dispatches().length;

  await page.getByRole("button", { name: "Roll back", exact: true }).click();
  await page.locator("dialog[open] input[name=reason]").fill("INC-30: 500s after the deploy");
  await page.locator("dialog[open] button[type=submit]").click();
  await page.waitForURL(/done=dispatch_queued/);

  const deadline = Date.now() + 5_000;
  while (run.dispatches().length === before && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
  expect(run.dispatches().slice(before)).toEqual([{ commit_sha: sha(1), triggered_by: "internalbf-rollback" }]);
  const hold = page.locator("#on-hold");
  expect(await hold.textContent()).toContain("bo@example.com");
  expect(await page.locator("#moving").textContent()).toContain(sha(1).slice(0, 7));
});
