// The benchmarks that drive a real browser (bench/browser/): run by `npm run bench`, never by `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "bench-browser",
    environment: "node",
    include: ["bench/browser/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
