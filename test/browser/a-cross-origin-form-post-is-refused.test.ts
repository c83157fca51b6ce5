// A page on another origin cannot steer internalbf through an operator's browser: its form post is
// refused (403 csrf) even with a good token, and nothing changes. So is a request that says it
// comes from another site.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, signedIn } from "./support/browser.ts";
import { ADMIN, type LocalRun, startLocalRun } from "./support/local-run.ts";

let run: LocalRun;
let browser: Browser;
let evil: Server;
let evilBase: string;
let token = "";

beforeAll(async () => {
  [run, browser] = await Promise.all([startLocalRun(), launch()]);
  // A good token, as if it had leaked: the origin checks alone must refuse.
  const page = await (await signedIn(browser)).newPage();
  await page.goto(`${run.base}/`);
  token = (await page.locator("input[name=csrf]").first().getAttribute("value")) ?? "";
  evil = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>win a prize</title>
<form id="f" method="post" action="${run.base}/freeze">
<input name="reason" value="pwned"><input name="csrf" value="${token}"><input name="back" value="/">
</form><script>document.getElementById("f").submit()</script>`);
  });
  await new Promise<void>((done) => evil.listen(0, "127.0.0.1", done));
  evilBase = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  evil?.close();
  await browser?.close();
  await run?.stop();
});

it("refuses a form another local origin's page submits through the signed-in browser", async () => {
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  const page = await (await signedIn(browser)).newPage();
  const answered = page.waitForResponse(
    (response) => response.url() === `${run.base}/freeze` && response.status() !== 401,
  );
  await page.goto(evilBase);
  const response = await answered;
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: "csrf" } });
  expect((await run.read("/pipeline")).frozen).toBeNull();
});

it.each([
  ["Origin: http://evil.invalid", { origin: "http://evil.invalid" }],
  ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
])("refuses a form post with %s", async (_, headers) => {
  const response = await fetch(`${run.base}/freeze`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa(`ana@example.com:${ADMIN}`)}`,
      ...headers,
    },
    body: new URLSearchParams({ reason: "pwned", csrf: token, back: "/" }).toString(),
  });
  expect(response.status).toBe(403);
  expect((await run.read("/pipeline")).frozen).toBeNull();
});
