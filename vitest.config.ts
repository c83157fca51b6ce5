import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startFakeIssuer } from "./test/fakes/oidc-issuer.ts";
import { startFakeOutside } from "./test/fakes/outside.ts";
import { TEST_BINDINGS } from "./test/worker/support/bindings.ts";

// GitHub and the alert receivers, faked on 127.0.0.1 for the worker's tests (which reach it over
// real HTTP from inside workerd and program it through its /__fake/ endpoints).
const outside = await startFakeOutside();
// GitHub Actions' OIDC issuer, likewise: the worker runs in hmac mode (the default), and the tests of
// the other modes give it its own settings with this issuer as OIDC_ISSUER.
const issuer = await startFakeIssuer();

// Two projects: the worker's tests run inside workerd (the real runtime), everything else (the
// action bundle, workflows, infrastructure, the staging E2E suite) in Node.
export default defineConfig({
  test: {
    // The worker logs a JSON line per decision: shown only for failing tests.
    silent: "passed-only",
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { ...TEST_BINDINGS(outside.url), OIDC_ISSUER: issuer.url } },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/github-openapi/setup.ts"],
          // One fake outside world is shared, so the worker's test files take turns.
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/{action,infra,workflows,e2e,dev,reliability,machine,cli,browser,local}/**/*.test.ts"],
          testTimeout: 60_000,
          // Hooks start workers, wrangler dev and browsers: on a loaded machine that outlasts 10 s.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
