import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The fault-injection suite starts its own Redis and processes: `npm run test:faults`.
    exclude: ["test/faults/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Redis-backed suites isolate themselves with a key prefix each, so files may run in parallel.
    pool: "forks",
    // Tests build their own environment: no inherited credentials, no .env (test/setup/isolate-env.ts).
    globalSetup: ["test/setup/isolate-env.ts"],
    setupFiles: ["test/setup/isolate-env.ts"],
  },
});
