/**
 * Removes secret values from text bound for a log line or the terminal. A secret travels as is,
 * URL-encoded (query strings, a token in a path) or JSON-escaped (inside a serialised error):
 * each form is replaced by `[redacted]`.
 *
 * Every secret is scrubbed whatever its length. A short one (under {@link SHORT_SECRET} characters,
 * say a 4-letter dashboard password) is only replaced where it stands alone, not inside a longer
 * word or number, so that `ab12` does not blank out every `ab12` inside an id; a long one is
 * replaced wherever it appears.
 */
export type Scrubber = (text: string) => string;

/** Secrets shorter than this are matched as whole tokens only. */
export const SHORT_SECRET = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function createScrubber(secrets: readonly string[]): Scrubber {
  const forms = [
    ...new Set(
      secrets
        .filter((s) => s.length > 0)
        .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(
    forms
      .map((f) =>
        f.length >= SHORT_SECRET
          ? escapeRegExp(f)
          : `(?<![\\p{L}\\p{N}_])${escapeRegExp(f)}(?![\\p{L}\\p{N}_])`,
      )
      .join("|"),
    "gu",
  );
  return (text) => text.replace(pattern, "[redacted]");
}

/** Variables whose values are secret, read straight from an environment (before or without parsing it). */
export const SECRET_VARIABLES = [
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_CITIZEN_BOT_TOKEN",
  "X_APP_KEY",
  "X_APP_SECRET",
  "X_ACCESS_TOKEN",
  "X_ACCESS_SECRET",
  "X_BEARER_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "TELEGRAM_CITIZEN_WEBHOOK_SECRET",
  "CALLBACK_SECRET",
  "ADMIN_PASSWORD",
] as const;

/**
 * The secret values in a raw environment: the listed variables, a bot token's secret half on its
 * own (the numeric bot id before the colon is public), and the password in `REDIS_URL`.
 */
export function secretsIn(source: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const v = source[name]?.trim();
    if (v) out.push(v);
  }
  for (const name of ["TELEGRAM_BOT_TOKEN", "TELEGRAM_CITIZEN_BOT_TOKEN"]) {
    const half = source[name]?.trim().split(":").slice(1).join(":");
    if (half) out.push(half);
  }
  const redis = source["REDIS_URL"]?.trim();
  if (redis) {
    try {
      const password = decodeURIComponent(new URL(redis).password);
      if (password) out.push(password);
    } catch {
      // not a URL: parseEnv reports it
    }
  }
  return [...new Set(out)];
}
