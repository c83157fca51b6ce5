// The dashboard as an operator opens it, against the real worker fed by signed notifications: the
// live commit with its run, the commit moving in production's slot (and what GitHub holds it for),
// the queue, and the hold's banner.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  run.outside.state().history = [sha(1), sha(2), sha(3)];
  await run.goLive(sha(1));
  const moving = await run.stage(sha(2), true);
  await run.stage(sha(3));
  // GitHub holds #2's run for production's reviewers; the cron finds out.
  if (moving !== null) moving.status = "waiting";
  await run.cron();
  const deadline = Date.now() + 10_000;
  while (((await run.read(`/deployments/${sha(2)}`)).production as { review?: string }).review === undefined) {
    if (Date.now() > deadline) throw new Error("the cron never saw the run waiting for review");
    await new Promise((done) => setTimeout(done, 50));
  }
  await run.command("POST", "/hold", { reason: "INC-12: checkout errors" });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

it("shows what is live, what is moving and what waits, each linked to its commit's page", async () => {
  const page = await (await signedIn(browser)).newPage();
  const response = await page.goto(`${run.base}/`);
  expect(response?.status()).toBe(200);
  const live = page.locator("#live");
  await expect(live.textContent()).resolves.toContain(sha(1).slice(0, 7));
  const liveRun = run.outside.state().runs.find((candidate) => candidate.commit_sha === sha(1));
  expect(await live.locator("a", { hasText: `run ${liveRun?.id}` }).getAttribute("href")).toBe(liveRun?.html_url);
  expect(await live.locator(`a[href="/deployments/${sha(1)}"]`).count()).toBe(1);

  const moving = page.locator("#moving");
  expect(await moving.textContent()).toContain(sha(2).slice(0, 7));
  expect(await moving.textContent()).toContain("dispatched");
  expect(await moving.locator(".review").textContent()).toBe("waiting for review");

  const queue = page.locator("#queue");
  expect(await queue.textContent()).toContain(sha(3).slice(0, 7));
  expect(await queue.textContent()).toContain("queued");

  const hold = page.locator("#on-hold");
  expect(await hold.textContent()).toContain("INC-12: checkout errors");
  expect(await hold.textContent()).toContain("ana@example.com");
});

it("lists the recent deployments with their status in each environment, and opens a commit's page", async () => {
  const page = await (await signedIn(browser)).newPage();
  await page.goto(`${run.base}/`);
  const rows = page.locator("#recent tbody tr");
  expect(await rows.count()).toBe(3);
  const first = await rows.first().textContent();
  expect(first).toContain(sha(3).slice(0, 7));
  await page.locator(`#recent a[href="/deployments/${sha(1)}"]`).click();
  await page.waitForURL(`${run.base}/deployments/${sha(1)}`);
  expect(await page.locator("#env-production").textContent()).toContain("live");
  expect(await page.locator("#env-staging").textContent()).toContain("success");
  const kinds = await page.locator("#audit tbody tr td[data-label=What] strong").allTextContents();
  expect(kinds).toEqual(expect.arrayContaining(["staging success", "production live"]));
});

it("opens a commit's page from a 7-character prefix, and answers JSON to anything but a browser", async () => {
  const page = await (await signedIn(browser)).newPage();
  await page.goto(`${run.base}/deployments/${sha(2).slice(0, 7)}`);
  expect(await page.locator("h1").textContent()).toContain(sha(2).slice(0, 7));
  const json = await run.read(`/deployments/${sha(2).slice(0, 7)}`);
  expect(json.sha).toBe(sha(2));
});
