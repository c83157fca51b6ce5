import { describe, expect, it } from "vitest";
import { httpsUrl, link, ownPath, runRef } from "../../../worker/dashboard/links";

const GITHUB = "https://github.com";

describe("links", () => {
  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://example.invalid/",
    "//evil.invalid/x",
    "/\\evil.invalid",
    "https://user:pass@example.invalid/",
    "https://example.invalid/a b",
    "https://EXAMPLE.invalid/",
    "vbscript:x",
  ])("%s is text, never a link", (href) => {
    expect(link(href, "x").text).not.toContain("<a");
  });

  it("links internalbf's own paths and well formed https URLs", () => {
    expect(ownPath("/deployments/abc?x=1")).toBe("/deployments/abc?x=1");
    expect(httpsUrl("https://example.invalid/path?q=1")).toBe("https://example.invalid/path?q=1");
    expect(link("/deployments/abc", "abc").text).toBe('<a href="/deployments/abc">abc</a>');
  });

  it("makes a run a link only under GITHUB_SERVER_URL, else shows its URL as text", () => {
    const good = "https://github.com/bolt-foundry/monorepo/actions/runs/7";
    expect(runRef(good, 7, GITHUB).text).toBe(`<a href="${good}" rel="noreferrer">run 7</a>`);
    for (const bad of [
      "https://github.com.evil.invalid/x",
      "https://x@github.com/a",
      "javascript:alert(1)",
      'https://github.com/"><script>',
    ]) {
      const shown = runRef(bad, 7, GITHUB).text;
      expect(shown).not.toContain("<a");
      expect(shown).not.toContain("<script>");
    }
    expect(runRef(good, 7, null).text).not.toContain("<a");
    expect(runRef(null, null, GITHUB).text).toBe("");
  });
});
