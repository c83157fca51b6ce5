import { describe, expect, it } from "vitest";
import { escapeHtml, html, raw } from "../../../worker/dashboard/html";

describe("the html template", () => {
  it("escapes text in element content and in quoted attributes", () => {
    const payload = `"><img src=x onerror=alert(1)>'<script>&`;
    expect(html`<p title="${payload}">${payload}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&lt;script&gt;&amp;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&lt;script&gt;&amp;</p>',
    );
  });

  it("keeps fragments built by html or raw as they are, and escapes each item of a list", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p>${inner}${raw("<br>")}${["<a>", inner]}</p>`.text).toBe(
      "<p><b>&lt;i&gt;</b><br>&lt;a&gt;<b>&lt;i&gt;</b></p>",
    );
  });

  it("shows nothing for null, undefined and false, and numbers as text", () => {
    expect(html`${null}${undefined}${false}${42}${0}`.text).toBe("420");
  });

  it("escapes every character that means something in HTML", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    expect(escapeHtml("plain text, ünïcode ✓")).toBe("plain text, ünïcode ✓");
  });
});
