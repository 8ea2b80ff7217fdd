/**
 * The environment tests run in, built rather than inherited: nothing from the developer's shell or
 * `.env` that could name a real bot, X account or Redis reaches a test or a process it starts.
 */

/** Variables of Aduan's configuration and of its clients: stripped from every test process. */
export const DEPLOYMENT_VARIABLE =
  /^(X_|TELEGRAM_|ADUAN_|REDIS_|CALLBACK_SECRET$|ADMIN_PASSWORD$|PORT$|OPS_|WEBHOOK_|LOG_LEVEL$|LOG_FORMAT$|DOTENV_)/;

/** Markers every test process carries: `.env` stays unread, and Aduan refuses non-local endpoints. */
export const TEST_MARKERS = { ADUAN_DOTENV: "off", ADUAN_TEST_RUN: "1" } as const;

/** Removes deployment variables from `env` in place and sets the test markers. Returns what was removed. */
export function isolate(env: NodeJS.ProcessEnv): string[] {
  const removed = Object.keys(env).filter((k) => DEPLOYMENT_VARIABLE.test(k));
  for (const k of removed) delete env[k];
  Object.assign(env, TEST_MARKERS);
  return removed;
}

/**
 * An environment for a child process a test starts: the system's basics (PATH, HOME, locale,
 * temp dir), the test markers, the local Redis, and what the test adds.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ["PATH", "HOME", "LANG", "TMPDIR", "TZ", "NODE_OPTIONS", "SYSTEMROOT"]) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, TEST_MARKERS, { REDIS_URL: "redis://127.0.0.1:6379" });
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}
