import { describe, expect, it } from "vitest";
import { formatAlert, targetOf } from "../../../worker/effects/alerts";
import type { Alert } from "../../../worker/pipeline/model";
import { sha } from "../support/notify";

const alert: Alert = {
  kind: "staging_failure",
  sha: sha(3),
  environment: "staging",
  status: "failure",
  summary: "Staging failed for 0000000: it will not be promoted",
  details: "E2E: checkout page test failed",
  runUrl: "https://github.com/bolt-foundry/monorepo/actions/runs/9",
};

describe("alert endpoints", () => {
  it.each([
    ["https://hooks.slack.com/services/T/B/x", "slack"],
    ["https://discord.com/api/webhooks/1/abc", "discord"],
    ["https://discordapp.com/api/webhooks/1/abc", "discord"],
    ["https://alerts.example.com/hook", "generic"],
    ["http://127.0.0.1:9000/services/T/B/x", "slack"],
    ["http://127.0.0.1:9000/api/webhooks/1/x", "discord"],
    ["https://example.com/services/T/B/x", "generic"],
  ])("%s takes the %s format", (url, target) => {
    expect(targetOf(url)).toBe(target);
  });
});

describe("alert formats", () => {
  it("Slack: text and blocks with commit, status, details and run link", () => {
    const body = JSON.stringify(formatAlert(alert, "slack", 0, "https://github.com", null));
    expect(body).toContain('"text"');
    expect(body).toContain('"blocks"');
    for (const part of [`\`${sha(3).slice(0, 7)}\``, "failure", "E2E: checkout page test failed", alert.runUrl ?? ""])
      expect(body).toContain(part);
  });

  it("Discord: content and an embed with commit, status, details and run link", () => {
    const body = formatAlert(alert, "discord", 0, "https://github.com", null) as {
      content: string;
      embeds: { url: string; description: string }[];
    };
    expect(body.content).toContain("Staging failed");
    expect(body.embeds[0]?.url).toBe(alert.runUrl);
    expect(body.embeds[0]?.description).toBe(alert.details);
    expect(JSON.stringify(body)).toContain(`\`${sha(3).slice(0, 7)}\``);
  });

  it("generic: an event carrying the full commit SHA", () => {
    expect(formatAlert(alert, "generic", 0, "https://github.com", null)).toMatchObject({
      type: "internalbf.alert",
      alert: "staging_failure",
      sha: sha(3),
      status: "failure",
      run_url: alert.runUrl,
      details: alert.details,
    });
  });
});
