import { isolate } from "../support/test-env.js";

/**
 * Runs in every test worker before its test file (vitest `setupFiles`) and once in the main
 * process (`globalSetup`): no inherited credentials, Redis URL or Aduan setting survives, `.env`
 * is never read (`ADUAN_DOTENV=off`), and any Aduan process a test starts refuses non-local
 * endpoints (`ADUAN_TEST_RUN=1`).
 */
isolate(process.env);

export default function setup(): void {
  isolate(process.env);
}
