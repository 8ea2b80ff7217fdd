import { z } from "zod";
import { secretsIn } from "./secret-scrubber.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** Everything secret or deployment-specific comes from the environment (`.env` via dotenv), never from config/. */
export const envSchema = z.object({
  X_APP_KEY: optionalString,
  X_APP_SECRET: optionalString,
  X_ACCESS_TOKEN: optionalString,
  X_ACCESS_SECRET: optionalString,
  X_BEARER_TOKEN: optionalString,
  X_API_BASE_URL: optionalString.pipe(z.url().optional()),
  TELEGRAM_BOT_TOKEN: optionalString,
  /**
   * A second, citizen-facing bot: citizens' private chats, their confirmations and status
   * messages go through it; the staff bot keeps the groups. Unset: one bot does both.
   */
  TELEGRAM_CITIZEN_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "Telegram allows 1-256 characters A-Z a-z 0-9 _ -")
      .optional(),
  ),
  /** The citizen bot's own webhook (webhook mode, with a citizen bot): its own path and secret. */
  TELEGRAM_CITIZEN_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  TELEGRAM_CITIZEN_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "Telegram allows 1-256 characters A-Z a-z 0-9 _ -")
      .optional(),
  ),
  /** Key for signing button data; defaults to one derived from the bot token. */
  CALLBACK_SECRET: optionalString,
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  ADUAN_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,40}$/, "letters, digits, _ - and {hash-tag} braces")
    .default("aduan"),
  ADUAN_CONFIG_DIR: z.string().default("config"),
  /**
   * `off` lifts Aduan's own Telegram flood limits (20 a minute per group, 30 a second). Only for
   * benchmarks against the simulator: real Telegram answers a flood with 429s.
   */
  ADUAN_TELEGRAM_THROTTLE: z.enum(["on", "off"]).default("on"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * `pretty`: readable log lines and the live feed (a line per tweet, verdict, card, staff action,
   * reply, SLA message) for a person at a terminal; `json` (the default outside the demo): pino's JSON.
   */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** Port of the health, metrics and Bull Board HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /**
   * /healthz answers 503 when the bot's long polling has not heard from Telegram for this many
   * seconds. A long poll holds for 50 s on a quiet bot, so anything under 60 would report a healthy
   * bot as failing.
   */
  ADUAN_BOT_MAX_POLL_AGE_S: z.coerce
    .number()
    .int()
    .min(60, "at least 60: a quiet bot's long poll lasts 50 s, so less reports a healthy bot as down")
    .default(120),
  /** Interface it listens on. Default 127.0.0.1: keep health, metrics and Bull Board off the network. */
  OPS_HOST: z.string().default("127.0.0.1"),
  /** Interface of the Telegram webhook's own listener (webhook mode). Default 0.0.0.0, for the proxy in front. */
  WEBHOOK_HOST: z.string().default("0.0.0.0"),
  /** Port of the Telegram webhook's own listener. Default 8081. */
  WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** `allow` starts on a Redis that evicts or does not persist (reported on /healthz); refused otherwise. */
  ADUAN_REDIS_UNSAFE: z.enum(["allow"]).optional(),
  /** Password of the Bull Board queue dashboard at /admin/queues; the dashboard is off without it. */
  ADMIN_PASSWORD: optionalString,
  /**
   * Key that signs the web dashboard's one-time login links; every process of a deployment must
   * share it. Unset: one is generated once per prefix and kept in Redis.
   */
  ADUAN_WEB_SECRET: optionalString,
  /** Public base URL of the dashboard (e.g. https://aduan.example.go.id) for `/dasbor` links; default the ops server's own. */
  ADUAN_WEB_URL: optionalString,
  /** Map tile URL template (`https://tile.example/{z}/{x}/{y}.png`); unset: kecamatan outlines only, works offline. */
  ADUAN_MAP_TILE_URL: optionalString,
});

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {
  readonly code = "ENV_INVALID";
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty value (`ADUAN_CONFIG_DIR=` as in .env.example) means the default, like an unset one.
  const given = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v === undefined || v.trim() !== ""),
  );
  const result = envSchema.safeParse(given);
  if (!result.success) {
    // Name the variable and the rule, never echo the value: it may be a secret.
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Environment is invalid:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** Chat id override for an agency (`ADUAN_CHAT_DISHUB`) or the supervisors (`ADUAN_CHAT_SUPERVISORS`). */
export function chatIdFromEnv(source: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = source[`ADUAN_CHAT_${name.toUpperCase()}`]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const id = Number(raw);
  // Decimal digits only: Number() would also take `0x10` or `1e3`.
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(id))
    throw new EnvError(`ADUAN_CHAT_${name.toUpperCase()} must be a Telegram chat id (a decimal integer)`);
  return id;
}

/**
 * The values that must never reach a log line, whatever their length (see `secret-scrubber.ts`).
 * A bot token's part after the colon is listed on its own too: the numeric bot id before it is
 * public, the rest is the secret. The password inside `REDIS_URL` is one as well.
 */
export function secretValues(env: Env): string[] {
  return secretsIn({
    TELEGRAM_BOT_TOKEN: env.TELEGRAM_BOT_TOKEN,
    TELEGRAM_CITIZEN_BOT_TOKEN: env.TELEGRAM_CITIZEN_BOT_TOKEN,
    TELEGRAM_CITIZEN_WEBHOOK_SECRET: env.TELEGRAM_CITIZEN_WEBHOOK_SECRET,
    X_APP_KEY: env.X_APP_KEY,
    X_APP_SECRET: env.X_APP_SECRET,
    X_ACCESS_TOKEN: env.X_ACCESS_TOKEN,
    X_ACCESS_SECRET: env.X_ACCESS_SECRET,
    X_BEARER_TOKEN: env.X_BEARER_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: env.TELEGRAM_WEBHOOK_SECRET,
    CALLBACK_SECRET: env.CALLBACK_SECRET,
    ADMIN_PASSWORD: env.ADMIN_PASSWORD,
    ADUAN_WEB_SECRET: env.ADUAN_WEB_SECRET,
    REDIS_URL: env.REDIS_URL,
  });
}
