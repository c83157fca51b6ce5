// Everything a page shows that someone else wrote (a notification's details, actor and run URL, a
// Basic-auth user name, an operator's reason) is text: no script runs, no element is injected, no
// link goes anywhere but https or internalbf itself.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

const DETAILS = `<img src=x onerror="alert('details')"><script>alert('script')</script>`;
const ACTOR = `"><svg onload=alert('actor')>`;
const USER = `<img src=y onerror=alert('user')>`;
const RUN_URL = "javascript:alert('run')";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  const answer = await run.notify({
    event: "staging_deployment_complete",
    status: "failure",
    commit_sha: sha(4),
    details: DETAILS,
    actor: ACTOR,
    run_url: RUN_URL,
  });
  expect(answer.status).toBe(202);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

/** A page that records every dialog (alert, confirm, prompt) a script opens. */
async function watched(user: string): Promise<{ page: Page; dialogs: string[] }> {
  const page = await (await signedIn(browser, { user })).newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs };
}

async function injected(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      document.querySelectorAll(
        'img[src="x"], img[src="y"], svg, script:not([src]), a[href^="javascript:"], [onerror], [onload]',
      ).length,
  );
}

it("shows a notification's details, actor and run URL on the commit's page as text", async () => {
  const { page, dialogs } = await watched("ana@example.com");
  await page.goto(`${run.base}/deployments/${sha(4)}`);
  const text = (await page.locator("main").textContent()) ?? "";
  expect(text).toContain(DETAILS);
  expect(text).toContain(ACTOR);
  expect(text).toContain(RUN_URL);
  expect(await injected(page)).toBe(0);
  expect(dialogs).toEqual([]);
});

it("shows a Basic-auth user name as text, in the top bar and on the record of what they did", async () => {
  const { page, dialogs } = await watched(USER);
  await page.goto(`${run.base}/`);
  expect(await page.locator("header .who").textContent()).toContain(USER);
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  await page.locator("dialog[open] input[name=reason]").fill(`<b>bold</b> ${DETAILS}`);
  await page.locator("dialog[open] button[type=submit]").click();
  await page.waitForURL(/done=on_hold/);
  const hold = (await page.locator("#on-hold").textContent()) ?? "";
  expect(hold).toContain(USER);
  expect(hold).toContain(`<b>bold</b> ${DETAILS}`);
  expect(await page.locator("#on-hold b").count()).toBe(0);
  expect(await injected(page)).toBe(0);
  expect(dialogs).toEqual([]);
});
