import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { answer, TOKEN, testDeps } from "./support/deps";

const SECRET = "f1e2d3c4b5a69788796a5b4c3d2e1f00SECRET";
const ACCESS = { INTERNALBF_ACCESS_CLIENT_ID: "7d0c1e5f.access", INTERNALBF_ACCESS_CLIENT_SECRET: SECRET };

it("--verbose names each request and how it authenticates, never the token", async () => {
  const test = testDeps(() =>
    answer(401, { error: { code: "unauthorized", message: "send ADMIN_TOKEN as a bearer token" } }),
  );
  expect(await run(["hold", "--reason", "x", "--actor", "ana", "--verbose"], test.deps)).toBe(1);
  expect(test.stderr()).toContain("POST https://internalbf.example.com/hold (admin token)\n  401\n");
  expect(test.stderr()).toContain("refused (401 unauthorized): send ADMIN_TOKEN as a bearer token");
  expect(test.stderr()).toContain("check INTERNALBF_ADMIN_TOKEN");
  expect(test.stdout() + test.stderr()).not.toContain(TOKEN);
});

it("a network failure whose message quotes a credential prints it as ***", async () => {
  for (const [env, secrets] of [
    [{}, [TOKEN]],
    [ACCESS, [SECRET, ACCESS.INTERNALBF_ACCESS_CLIENT_ID]],
  ] as const) {
    const test = testDeps(() => {
      throw new TypeError("fetch failed", { cause: new Error(`header ${secrets.join(" ")} rejected`) });
    }, env);
    expect(await run(["status", "--verbose"], test.deps)).toBe(1);
    for (const secret of secrets) expect(test.stdout() + test.stderr()).not.toContain(secret);
    expect(test.stderr()).toContain("header ***");
  }
});
