import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: the worker's tests run inside workerd (the real runtime), everything
// else (the action bundle, workflows, infrastructure, the staging E2E suite) in Node.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: {} },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/{action,infra,workflows,e2e}/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
