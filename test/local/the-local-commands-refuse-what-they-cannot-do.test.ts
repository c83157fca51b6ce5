// `npm start`, `npm run notify` and `npm run demo` refuse bad settings with a message that says what
// to do, and start nothing: above all, real GitHub with the published local secrets.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { LOCAL_ADMIN, LOCAL_GITHUB_TOKEN, LOCAL_SECRET, portOf, realGitHubSecrets } from "../../local/settings.ts";
import { freePair, isFree, npm } from "./support.ts";

const OWN = {
  WEBHOOK_AUTH_TOKEN: "whsec_b3duLXNlY3JldC1mb3ItcmVhbC1naXRodWItMzI=",
  ADMIN_TOKEN: "own-admin",
  GITHUB_TOKEN: "ghp_own",
};

describe("real GitHub (--github)", () => {
  it("takes only secrets of one's own", () => {
    expect(realGitHubSecrets(OWN)).toEqual(OWN);
    expect(realGitHubSecrets({ ...OWN, WEBHOOK_AUTH_TOKEN: LOCAL_SECRET })).toEqual({
      refusal: expect.stringContaining("refuses the published local WEBHOOK_AUTH_TOKEN"),
    });
    expect(realGitHubSecrets({ ...OWN, ADMIN_TOKEN: LOCAL_ADMIN })).toEqual({
      refusal: expect.stringContaining("published local ADMIN_TOKEN"),
    });
    // A published value under another name is still published.
    expect(realGitHubSecrets({ ...OWN, GITHUB_TOKEN: LOCAL_ADMIN })).toEqual({
      refusal: expect.stringContaining("published local GITHUB_TOKEN"),
    });
    expect(realGitHubSecrets({ ...OWN, GITHUB_TOKEN: " " })).toEqual({
      refusal: expect.stringContaining("needs your own GITHUB_TOKEN"),
    });
  });

  it("npm start -- --github with the published secrets exits 2 and starts nothing", async () => {
    const port = await freePair();
    const env = {
      PORT: String(port),
      WEBHOOK_AUTH_TOKEN: LOCAL_SECRET,
      ADMIN_TOKEN: LOCAL_ADMIN,
      GITHUB_TOKEN: LOCAL_GITHUB_TOKEN,
    };
    const started = await npm(["start", "--silent", "--", "--github"], env, 60_000);
    expect(started.exitCode).toBe(2);
    expect(started.stderr).toContain("--github refuses the published local WEBHOOK_AUTH_TOKEN");
    expect(await isFree(port)).toBe(true);
  });
});

describe("settings", () => {
  it("PORT is a whole number with room for the stand-in after it", () => {
    expect(portOf({})).toBe(8787);
    expect(portOf({ PORT: "9000" })).toBe(9000);
    for (const bad of ["abc", "80", "65535", "8787.5"]) {
      expect(portOf({ PORT: bad })).toEqual({ refusal: expect.stringContaining("PORT must be a whole number") });
    }
  });

  it("npm start with a bad PORT exits 2 and says why", async () => {
    const started = await npm(["start", "--silent"], { PORT: "http" }, 60_000);
    expect(started.exitCode).toBe(2);
    expect(started.stderr).toContain(
      'PORT must be a whole number from 1024 to 65534 (the GitHub stand-in takes PORT+1), got "http"',
    );
  });

  it("npm start on a port something else holds exits 1 naming the port, and starts nothing", async () => {
    const port = await freePair();
    const squatter = createServer((_req, res) => res.end("someone else"));
    await new Promise<void>((done) => squatter.listen(port + 1, "127.0.0.1", done));
    try {
      const started = await npm(["start", "--silent"], { PORT: String(port) }, 60_000);
      expect(started.exitCode).toBe(1);
      expect(started.stderr).toContain(`npm start: port ${port + 1} is taken (another npm start?)`);
      expect(await isFree(port)).toBe(true);
    } finally {
      await new Promise<void>((done) => squatter.close(() => done()));
    }
  });

  it("npm run demo with nothing running says to start it", async () => {
    const port = await freePair();
    const demo = await npm(["run", "--silent", "demo"], { PORT: String(port) }, 60_000);
    expect(demo.exitCode).toBe(1);
    expect(demo.stderr).toContain("Start it in another terminal with `npm start` (same PORT)");
  });

  it("npm run notify takes staging results only, and full SHAs", async () => {
    const production = await npm(["run", "--silent", "notify", "--", "production", "success"], {}, 60_000);
    expect(production.exitCode).toBe(2);
    expect(production.stderr).toContain("production notifications come from the production workflow");
    const short = await npm(["run", "--silent", "notify", "--", "staging", "success", "abc1234"], {}, 60_000);
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toContain('"abc1234" is not a full 40-hex commit SHA');
  });
});
