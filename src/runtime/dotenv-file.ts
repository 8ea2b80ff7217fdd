import { config as loadDotenv } from "dotenv";

/**
 * `ADUAN_DOTENV=off` keeps `.env` unread. The test setup sets it (and every child process a test
 * starts inherits it), so a test run never picks up a developer's real credentials or Redis.
 */
export const DOTENV_SWITCH = "ADUAN_DOTENV";

/**
 * Loads `.env` from the working directory into `source` (values already set win), unless
 * `ADUAN_DOTENV=off`. The one place Aduan reads `.env`: `main.ts` and every CLI (`report`,
 * `triage`, `backtest`, `bench`, `sim`) call it first, before their options and help are built.
 */
export function loadDotenvFile(source: NodeJS.ProcessEnv = process.env, path?: string): { loaded: boolean } {
  if (source[DOTENV_SWITCH]?.trim().toLowerCase() === "off") return { loaded: false };
  loadDotenv({ quiet: true, processEnv: source as Record<string, string>, ...(path ? { path } : {}) });
  return { loaded: true };
}
