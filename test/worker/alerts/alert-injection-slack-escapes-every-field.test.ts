// Regression (alert injection): notification fields went raw into Slack mrkdwn, so a sender could
// ping the channel (`<!channel>`) or show a disguised link (`<https://evil|github.com>`).
import { describe, expect, it } from "vitest";
import { formatAlert } from "../../../worker/effects/alerts";
import { HOSTILE_RUN_URLS, hostileAlert, slackMarkup } from "./markup";

/** Every Block Kit text object (`{ type, text }`) in `value`. */
function textObjects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(textObjects);
  if (typeof value !== "object" || value === null) return [];
  const object = value as Record<string, unknown>;
  const own = typeof object.type === "string" && typeof object.text === "string" ? [object] : [];
  return [...own, ...Object.values(object).flatMap(textObjects)];
}

describe("alert injection: Slack gets every notification field escaped", () => {
  it.each(HOSTILE_RUN_URLS)("no markup from the notification reaches Slack (run_url %s)", (runUrl) => {
    const body = formatAlert(hostileAlert(runUrl), "slack", 0, "https://github.com", null);
    expect(slackMarkup(body)).toEqual([]);
  });

  it("keeps the text readable: the markup is shown, escaped, not dropped", () => {
    const body = formatAlert(hostileAlert("<!channel>"), "slack", 0, "https://github.com", null);
    const text = JSON.stringify(body);
    expect(text).toContain("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.invalid|github.com&gt;");
    expect(text).toContain("a &amp; b");
    expect((body as { text: string }).text).toContain("&lt;!channel&gt;");
  });

  it("marks every mrkdwn object verbatim, so Slack links no bare URL and parses no mention", () => {
    const body = formatAlert(hostileAlert("https://evil.invalid/x"), "slack", 0, "https://github.com", null);
    const texts = textObjects(body);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toMatchObject({ type: "mrkdwn", verbatim: true });
  });
});
