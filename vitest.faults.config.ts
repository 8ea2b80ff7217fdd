import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the fault-injection suite. It starts its own redis-server, simulators and
 * Aduan processes, so it runs alone, one scenario after another, with long bounded timeouts.
 */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["test/setup/isolate-env.ts"],
    setupFiles: ["test/setup/isolate-env.ts"],
    fileParallelism: false,
  },
});
