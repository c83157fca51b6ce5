import { describe, expect, it } from "vitest";
import { run } from "../../actions/notify-internalbf/src/main";
import { accepted, fake, inputs, refused, SECRET } from "../support/deps";

const KEY = SECRET.slice("whsec_".length);

describe("the secret", () => {
  it("is masked before anything is printed", async () => {
    const step = fake({ steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.secrets).toEqual([SECRET, KEY]);
  });

  it("masks each secret of a rotation list", async () => {
    const other = "whsec_b3RoZXItc2lnbmluZy1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";
    const step = fake({ inputs: inputs({ secret: `${SECRET}\n${other}` }), steps: [accepted("recorded")] });
    await run(step.deps);
    expect(step.secrets).toEqual(expect.arrayContaining([SECRET, KEY, other, other.slice(6)]));
  });

  it.each([
    ["a success", accepted("recorded")],
    ["a refusal", refused(401, "invalid_signature", "no match")],
  ])("is never printed, written or sent in the body after %s", async (_name, answer) => {
    const step = fake({ inputs: inputs({ retries: "0" }), steps: [answer] });
    await run(step.deps);
    expect(step.everything()).not.toContain(KEY);
    expect(step.requests[0]?.body).not.toContain(KEY);
    for (const [, value] of step.requests[0]?.request.headers ?? []) expect(value).not.toContain(KEY);
  });
});
