import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { testDeps } from "./support/deps";

it("a redirect (Access's sign-in page: the service token was not accepted) exits 1 naming the settings to check", async () => {
  const test = testDeps(
    () =>
      new Response(null, {
        status: 302,
        headers: { location: "https://team.cloudflareaccess.com/cdn-cgi/access/login" },
      }),
    { INTERNALBF_ACCESS_CLIENT_ID: "id.access", INTERNALBF_ACCESS_CLIENT_SECRET: "wrong-secret" },
  );
  expect(await run(["status"], test.deps)).toBe(1);
  expect(test.stdout()).toBe("");
  expect(test.stderr()).toContain("answered 302, a redirect");
  expect(test.stderr()).toContain("check INTERNALBF_ACCESS_CLIENT_ID and INTERNALBF_ACCESS_CLIENT_SECRET");
  expect(test.stderr()).not.toContain("wrong-secret");
});
