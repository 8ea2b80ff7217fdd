import { AduanError } from "../errors.js";
/**
 * `ADUAN_TEST_RUN=1` marks a process started by the test suite. Such a process must never reach a
 * real deployment: it refuses to start when its environment names a Telegram, X or Redis
 * endpoint that is not on this machine, or carries a bot token without a local API root.
 */
export const TEST_RUN_SWITCH = "ADUAN_TEST_RUN";

export class TestRunLeakError extends AduanError {
  readonly code = "TEST_RUN_NOT_ISOLATED";
  readonly who = "config";
  constructor(readonly problems: string[]) {
    super(
      `Refusing to start: this is a test run (${TEST_RUN_SWITCH}=1) but its environment points at a real deployment:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "TestRunLeakError";
  }
}

function isLocal(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}

const set = (v: string | undefined): boolean => v !== undefined && v.trim() !== "";

/** The reasons this environment could touch a real deployment; empty when it cannot (or when not a test run). */
export function testRunLeaks(source: Readonly<Record<string, string | undefined>>): string[] {
  if (source[TEST_RUN_SWITCH] !== "1") return [];
  const problems: string[] = [];
  if (set(source["TELEGRAM_BOT_TOKEN"]) && !isLocal(source["TELEGRAM_API_ROOT"])) {
    problems.push("TELEGRAM_BOT_TOKEN is set and TELEGRAM_API_ROOT is not a local simulator");
  }
  const xKeys = ["X_APP_KEY", "X_APP_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_SECRET", "X_BEARER_TOKEN"];
  const xSet = xKeys.filter((k) => set(source[k]));
  if (xSet.length > 0 && !isLocal(source["X_API_BASE_URL"])) {
    problems.push(`${xSet.join(", ")} set and X_API_BASE_URL is not a local simulator`);
  }
  if (set(source["TELEGRAM_WEBHOOK_URL"])) problems.push("TELEGRAM_WEBHOOK_URL is set");
  if (set(source["REDIS_URL"]) && !isLocal(source["REDIS_URL"])) {
    problems.push("REDIS_URL is not a Redis on this machine");
  }
  return problems;
}

export function assertTestRunIsolated(source: Readonly<Record<string, string | undefined>>): void {
  const problems = testRunLeaks(source);
  if (problems.length > 0) throw new TestRunLeakError(problems);
}
