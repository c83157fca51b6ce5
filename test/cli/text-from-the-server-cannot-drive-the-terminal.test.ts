import { expect, it } from "vitest";
import { eventsText, pipelineText, printable, refusalText } from "../../cli/format";

const HOSTILE = "ok\u001b]0;pwned\u0007\u001b[2J\r\u202etxt.exe";

it("escapes, carriage returns and bidi overrides in a reason print as ?", () => {
  expect(printable(HOSTILE)).toBe("ok?]0;pwned??[2J??txt.exe");
  const printed = [
    pipelineText({ on_hold: { since: "2026-11-28T08:00:00.000Z", actor: "ana", via: "token", reason: HOSTILE } }),
    eventsText({
      events: [{ at: "2026-11-28T08:00:00.000Z", sha: null, kind: "hold", actor: "ana", reason: HOSTILE }],
    }),
    refusalText(409, { error: { code: "not_allowed", message: HOSTILE } }),
  ].join("");
  expect(printed.replaceAll("\n", "")).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  expect(printed).toContain("ok?]0;pwned??[2J??txt.exe");
});
