import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { parseConfig } from "../../../worker/config";
import { type AppKey, appKey } from "./keys";
import { appBindings } from "./support";

let key: AppKey;

beforeAll(async () => {
  key = await appKey();
});

const parsed = (settings: Record<string, string | undefined>) => parseConfig({ ...env, ...settings });
const errorsOf = (settings: Record<string, string | undefined>) =>
  parsed(settings)
    .problems.filter((problem) => problem.level === "error" && problem.name.startsWith("GITHUB_APP_"))
    .map((problem) => problem.name);

it("takes a PKCS#8 key, also pasted on one line with \\n", () => {
  const oneLine = key.pkcs8.trim().replace(/\n/g, "\\n");
  for (const privateKey of [key.pkcs8, oneLine]) {
    const config = parsed(appBindings(key, privateKey));
    expect(config.github.invalid).toEqual([]);
    expect(config.github.auth).toMatchObject({ kind: "app", appId: "424242", installationId: "7007" });
  }
});

it.each([
  [
    "the App id alone",
    { GITHUB_APP_INSTALLATION_ID: undefined, GITHUB_APP_PRIVATE_KEY: undefined },
    ["GITHUB_APP_INSTALLATION_ID", "GITHUB_APP_PRIVATE_KEY"],
  ],
  ["no App id", { GITHUB_APP_ID: undefined }, ["GITHUB_APP_ID"]],
  ["a malformed App id", { GITHUB_APP_ID: "my-app" }, ["GITHUB_APP_ID"]],
  ["a malformed installation id", { GITHUB_APP_INSTALLATION_ID: "7007x" }, ["GITHUB_APP_INSTALLATION_ID"]],
  [
    "an encrypted key",
    { GITHUB_APP_PRIVATE_KEY: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----" },
    ["GITHUB_APP_PRIVATE_KEY"],
  ],
  ["something else than a key", { GITHUB_APP_PRIVATE_KEY: "ghp_notakey" }, ["GITHUB_APP_PRIVATE_KEY"]],
])("refuses %s: nothing is sent to GitHub, GITHUB_TOKEN is not used instead", (_case, settings, names) => {
  const config = parsed({ ...appBindings(key), ...settings });
  expect(errorsOf({ ...appBindings(key), ...settings })).toEqual(names);
  expect(config.github.invalid).toEqual(names);
  expect(config.github.auth.kind).toBe("none");
});

it("refuses a key that is not RSA, naming where the App's key comes from", async () => {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
  ])) as CryptoKeyPair;
  const der = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PRIVATE KEY-----\n`;
  const problem = parsed(appBindings(key, pem)).problems.find((found) => found.name === "GITHUB_APP_PRIVATE_KEY");
  expect(problem?.message).toContain("not an RSA key");
});

it("without any App setting, GITHUB_TOKEN is used as before", () => {
  const config = parsed({});
  expect(config.github.auth).toMatchObject({ kind: "token" });
  expect(config.problems.filter((problem) => problem.name.startsWith("GITHUB_"))).toEqual([]);
});
