// The banner after a form post comes from the 303's query (`done`, `refused`). A link from anywhere
// else could carry words of its own there: the page shows them only on a same-origin navigation,
// which is what the redirect after internalbf's own form is.
import { reset } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../support/bindings";
import { outside } from "../support/outside";

const WORDS = "Your session expired: sign in again at https://phish.invalid";
const page = (site: string | null) =>
  exports.default.fetch(`https://internalbf.test/?refused=${encodeURIComponent(WORDS)}`, {
    headers: {
      accept: "text/html",
      authorization: `Basic ${btoa(`ana@example.com:${ADMIN_TOKEN}`)}`,
      ...(site === null ? {} : { "sec-fetch-site": site }),
    },
  });

beforeEach(async () => {
  await reset();
  await outside.reset();
});

it.each([["cross-site"], ["none"], [null]])("a link opened with Sec-Fetch-Site %s shows no banner", async (site) => {
  expect(await (await page(site)).text()).not.toContain("phish.invalid");
});

it("the redirect after a same-origin form shows the refusal, as text", async () => {
  expect(await (await page("same-origin")).text()).toContain("phish.invalid");
});
