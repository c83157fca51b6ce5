import { expect, it } from "vitest";
import { run } from "../../cli/main";
import { NOTHING_SENT, TOKEN, testDeps } from "./support/deps";

const CASES: [string, Record<string, string>, string][] = [
  ["no INTERNALBF_URL", { INTERNALBF_URL: "" }, "set INTERNALBF_URL to the worker's URL"],
  ["a URL that is not one", { INTERNALBF_URL: "internalbf.example.com" }, "is not a URL"],
  ["plain http off loopback", { INTERNALBF_URL: "http://internalbf.example.com" }, "must use https"],
  ["another scheme", { INTERNALBF_URL: "ftp://internalbf.example.com" }, "must use https"],
  ["a query", { INTERNALBF_URL: "https://internalbf.example.com/?x=1" }, "must be the worker's base URL"],
  ["no credentials", { INTERNALBF_ADMIN_TOKEN: "" }, "set INTERNALBF_ADMIN_TOKEN"],
  [
    "an Access client id alone",
    { INTERNALBF_ACCESS_CLIENT_ID: "abc.access" },
    "needs both INTERNALBF_ACCESS_CLIENT_ID and",
  ],
  [
    "an Access secret alone",
    { INTERNALBF_ACCESS_CLIENT_SECRET: "s3cret" },
    "needs both INTERNALBF_ACCESS_CLIENT_ID and",
  ],
  ["a token a header cannot carry", { INTERNALBF_ADMIN_TOKEN: "two words" }, "INTERNALBF_ADMIN_TOKEN holds a space"],
];

it.each(CASES)("%s: exit 2 with what to set, nothing sent", async (_name, env, message) => {
  const test = testDeps(NOTHING_SENT, env);
  expect(await run(["status"], test.deps)).toBe(2);
  expect(test.stderr()).toContain(message);
  expect(test.stdout()).toBe("");
  expect(test.sent).toEqual([]);
});

it("a URL's user-info is never printed, and neither is the token", async () => {
  const test = testDeps(NOTHING_SENT, { INTERNALBF_URL: "https://ops:hunter2@internalbf.example.com" });
  expect(await run(["status"], test.deps)).toBe(2);
  expect(test.stderr()).toContain("INTERNALBF_URL (https://***@internalbf.example.com) must not carry credentials");
  expect(test.stderr()).not.toContain("hunter2");
  expect(test.stderr()).not.toContain(TOKEN);
});

it("plain http is allowed on loopback, for a worker on this machine", async () => {
  for (const url of ["http://127.0.0.1:8787", "http://localhost:8787/", "http://[::1]:8787"]) {
    const test = testDeps(() => new Response("{}"), { INTERNALBF_URL: url });
    expect(await run(["status"], test.deps)).toBe(0);
    expect(test.sent.map((sent) => sent.url)).toEqual([`${url.replace(/\/$/, "")}/pipeline`]);
  }
});

it("a command with the admin token and no actor known exits 2 asking who is acting", async () => {
  const test = testDeps(NOTHING_SENT);
  const deps = { ...test.deps, userName: () => null };
  expect(await run(["hold", "--reason", "INC-7"], deps)).toBe(2);
  expect(test.stderr()).toContain("say who is acting: --actor <name> or INTERNALBF_ACTOR");
});
