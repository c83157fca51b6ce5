// An operator without a mouse: Tab reaches every button of the dashboard and of a commit's page;
// Space or Enter opens each command's confirmation with the focus in its reason, Tab reaches its
// submit button and then Cancel; Enter sends the command.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { type LocalRun, sha, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  run.outside.state().history = [sha(1), sha(2), sha(3)];
  await run.goLive(sha(1));
  await run.stage(sha(2), true);
  await run.stage(sha(3));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
});

/** Numbers the buttons a person can see and press; how many. */
function markButtons(page: Page): Promise<number> {
  return page.evaluate(() => {
    const shown = [...document.querySelectorAll("button")].filter(
      (button) => button.checkVisibility() && !button.disabled,
    );
    shown.forEach((button, index) => {
      button.dataset.k = String(index);
    });
    return shown.length;
  });
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return {
      k: element?.getAttribute("data-k") ?? null,
      name: element?.getAttribute("name") ?? null,
      tag: element?.tagName ?? "",
      type: element?.getAttribute("type") ?? null,
      open: document.querySelectorAll("dialog[open]").length,
    };
  });

/** Tabs until the button numbered `k` has the focus (at most `limit` presses). */
async function tabTo(page: Page, k: string, limit = 100): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    if ((await focused(page)).k === k) return;
  }
  throw new Error(`Tab never reached button ${k}`);
}

async function reachesAll(page: Page): Promise<void> {
  const count = await markButtons(page);
  expect(count).toBeGreaterThan(0);
  const reached = new Set<string>();
  for (let i = 0; i < 200 && reached.size < count; i += 1) {
    await page.keyboard.press("Tab");
    const { k } = await focused(page);
    if (k !== null) reached.add(k);
  }
  expect(reached.size).toBe(count);
}

it("Tab reaches every button of the dashboard and of a commit's page", async () => {
  const page = await (await signedIn(browser)).newPage();
  await page.goto(`${run.base}/`);
  await reachesAll(page);
  await page.goto(`${run.base}/deployments/${sha(2)}`);
  await reachesAll(page);
});

it.each([
  ["the dashboard", "/"],
  ["a commit's page", `/deployments/${sha(2)}`],
])(
  "on %s, Space and Enter open every command's confirmation, whose reason, submit and Cancel Tab reaches",
  async (_, path) => {
    const page = await (await signedIn(browser)).newPage();
    await page.goto(`${run.base}${path}`);
    const count = await markButtons(page);
    for (let k = 0; k < count; k += 1) {
      await tabTo(page, String(k));
      await page.keyboard.press(k % 2 === 0 ? "Space" : "Enter");
      expect(await focused(page)).toMatchObject({ name: "reason", open: 1 });
      await page.keyboard.type("checked by keyboard");
      await page.keyboard.press("Tab");
      expect(await focused(page)).toMatchObject({ tag: "BUTTON", type: "submit", open: 1 });
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-close"))).toBe(true);
      await page.keyboard.press("Enter");
      expect(await focused(page)).toMatchObject({ k: String(k), open: 0 });
    }
  },
);

it("a command is sent with the keyboard alone", async () => {
  const page = await (await signedIn(browser, { user: "kim@example.com" })).newPage();
  await page.goto(`${run.base}/`);
  await markButtons(page);
  const hold = await page.getByRole("button", { name: "Hold", exact: true }).getAttribute("data-k");
  await tabTo(page, hold ?? "");
  await page.keyboard.press("Space");
  await page.keyboard.type("INC-50: by keyboard");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/done=on_hold/);
  expect(await page.locator("#on-hold").textContent()).toContain("INC-50: by keyboard");
  expect((await run.read("/pipeline")).on_hold).toMatchObject({ actor: "kim@example.com" });
});
