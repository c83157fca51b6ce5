// Defect 7: the action printed the credentials of a URL it refused. No message, log line, output or
// job summary may carry the user-info part of a URL, whether the URL parses or not.
import { describe, expect, it } from "vitest";
import { InputError, readConfig } from "../../actions/notify-internalbf/src/inputs";
import { run } from "../../actions/notify-internalbf/src/main";
import { runAction } from "../support/action";
import { fake, inputs, json, type Step } from "../support/deps";

const PASSWORD = "s3cret";
/** The URLs of the report: https with credentials, http off loopback with credentials, and no URL at all. */
const REFUSED = [
  `https://user:${PASSWORD}@internalbf.invalid`,
  `http://user:${PASSWORD}@internalbf.invalid`,
  `ht!tp://user:${PASSWORD}@x`,
  `//user:${PASSWORD}@internalbf.invalid`,
  `user:${PASSWORD}@internalbf.invalid`,
];

/** The credential as a message could show it: the password, or the user name as user-info. */
function expectNoCredentials(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(`user:${PASSWORD}`);
  expect(text).not.toMatch(/(^|[/"\s])user:(?!password@)/);
}

function refusal(url: string): string {
  try {
    readConfig((name) => inputs({ url })[name] ?? "", undefined);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`readConfig accepted ${url}`);
}

describe("a URL's credentials are never printed", () => {
  it.each(REFUSED)("readConfig refuses %s without quoting its user-info", (url) => {
    const message = refusal(url);
    expect(message).toMatch(/^url: "[^"]*\*\*\*@[^"]*" /);
    expectNoCredentials(message);
  });

  it.each(REFUSED)("the step fails on %s with nothing but the redacted URL in its log", async (url) => {
    const step = fake({ inputs: inputs({ url }) });
    await run(step.deps);
    expect(step.requests).toHaveLength(0);
    expect(step.failures).toHaveLength(1);
    expectNoCredentials(step.everything());
  });

  it.each(REFUSED.slice(0, 3))("the committed bundle fails on %s without printing them", async (url) => {
    const result = await runAction({
      inputs: { url, secret: inputs().secret ?? "", event: "staging_deployment_started" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error::url: /m);
    for (const text of [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]) {
      expectNoCredentials(text);
    }
  });

  it.each<[string, Step]>([
    [
      "a redirect's location",
      new Response(null, { status: 307, headers: { location: `https://user:${PASSWORD}@internalbf.invalid/x` } }),
    ],
    [
      "internalbf's error text",
      json(400, {
        error: { code: "invalid_notification", message: `see https://user:${PASSWORD}@internalbf.invalid` },
      }),
    ],
    ["a system error", new Error(`connect ECONNRESET https://user:${PASSWORD}@internalbf.invalid/deployment`)],
  ])("nor when they come from elsewhere: %s", async (_source, answer) => {
    const step = fake({ inputs: inputs({ retries: "0", "fail-on-error": "false" }), steps: [answer] });
    await run(step.deps);
    expect(step.requests).toHaveLength(1);
    expect(step.warnings.join("\n")).toContain("***@internalbf.invalid");
    expectNoCredentials(step.everything());
  });
});
