import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { answer, TOKEN, testDeps } from "./support/deps";

const ACCESS = {
  INTERNALBF_ACCESS_CLIENT_ID: "7d0c1e5f2a3b4c6d.access",
  INTERNALBF_ACCESS_CLIENT_SECRET: "f1e2d3c4b5a69788796a5b4c3d2e1f00SECRET",
};

it("with an Access service token, the two CF-Access-Client-* headers go and no Authorization, no actor", async () => {
  // The admin token is set too: the service token wins, and the token is not sent.
  const test = testDeps(() => answer(202, { decision: "frozen", deployment: null, pipeline: {} }), {
    ...ACCESS,
    INTERNALBF_ACTOR: "ana@example.com",
  });
  expect(await run(["freeze", "--reason", "release week"], test.deps)).toBe(0);
  expect(await run(["status"], test.deps)).toBe(0);
  expect(test.sent).toHaveLength(2);
  for (const sent of test.sent) {
    expect(sent.headers.get("cf-access-client-id")).toBe(ACCESS.INTERNALBF_ACCESS_CLIENT_ID);
    expect(sent.headers.get("cf-access-client-secret")).toBe(ACCESS.INTERNALBF_ACCESS_CLIENT_SECRET);
    expect(sent.headers.has("authorization")).toBe(false);
    expect([...sent.headers.values()].join(" ")).not.toContain(TOKEN);
  }
  // Access names the operator; the worker would ignore an actor in the body, so none is sent.
  expect(test.sent[0]?.body).toEqual({ reason: "release week" });
});
