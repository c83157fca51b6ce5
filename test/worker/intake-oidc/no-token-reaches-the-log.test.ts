import { reset } from "cloudflare:test";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { notification, sha } from "../support/notify";
import { outside } from "../support/outside";
import { freshIssuer, issuer, oidcEnv, send, tokenFor } from "./support/oidc";

let lines: string[] = [];

beforeEach(async () => {
  await reset();
  await outside.reset();
  await issuer.reset();
  lines = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

it("logs accepted, refused and unverifiable tokens without any part of them", async () => {
  const n = notification({ commit_sha: sha(97), run_id: 16_001, run_attempt: 1 });
  const past = Math.floor(Date.now() / 1000) - 600;
  const tokens = [
    await tokenFor(n),
    await tokenFor(n, { claims: { iat: past, nbf: past, exp: past + 300 } }),
    await tokenFor(n, { claims: { run_id: "1" } }),
  ];
  for (const token of tokens) await send(n, oidcEnv("oidc"), { token });
  const unreachable = freshIssuer();
  await issuer.script("discovery", [{ status: 500 }]);
  const unverifiable = await tokenFor(n, { issuer: unreachable });
  tokens.push(unverifiable);
  expect((await send(n, oidcEnv("oidc", { OIDC_ISSUER: unreachable }), { token: unverifiable })).status).toBe(503);

  const logged = lines.join("\n");
  // Something was logged (the acceptance and the key fetch's failure), and no token's header, claims or signature.
  expect(logged).toMatch(/notification_accepted/);
  expect(logged).toMatch(/oidc_keys_unavailable/);
  // No JWT at all (every one starts `eyJ`, the base64 of `{"`), and no 16 characters of any of these.
  expect(logged).not.toContain("eyJ");
  for (const token of tokens) {
    for (const part of token.split(".")) {
      for (let at = 0; at + 16 <= part.length; at += 16) expect(logged).not.toContain(part.slice(at, at + 16));
    }
  }
});
