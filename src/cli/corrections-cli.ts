import { Command, InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import { ConfigError } from "../config/config-error.js";
import { toLabelledLines } from "../core/correction.js";
import { loadConfig } from "../app/load-config.js";
import { backfillCorrections } from "../learning/record-corrections.js";
import { RedisCorrectionLog } from "../redis/correction-log.js";
import { RedisTicketStore } from "../redis/ticket-store.js";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { EnvError, parseEnv } from "../runtime/env.js";
import { reportFatal } from "../runtime/fatal-error.js";
import { assertRedisReachable, createRedis, RedisUnreachableError } from "../runtime/redis.js";
import { assertTestRunIsolated, TestRunLeakError } from "../runtime/test-run-guard.js";

/**
 * `npm run corrections`: the staff's corrections of triage as labelled JSONL (`export`), the shape
 * `npm run backtest` and `npm run rules -- suggest` read; `backfill` records the corrections found
 * in stored tickets' histories (idempotent) when recording missed some.
 */

function isoDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid)
    throw new InvalidArgumentError("expected a date like 2026-11-01");
  return value;
}

/** [from 00:00, the day after `to` 00:00) in Asia/Jakarta, as epoch ms. */
function jakartaDays(from: string, to: string | undefined): [number, number] {
  const start = DateTime.fromISO(from, { zone: "Asia/Jakarta" }).startOf("day");
  const end = DateTime.fromISO(to ?? from, { zone: "Asia/Jakarta" })
    .startOf("day")
    .plus({ days: 1 });
  if (end <= start) throw new InvalidArgumentError("--to is before --from");
  return [start.toMillis(), end.toMillis()];
}

interface Common {
  from: string;
  to?: string;
  prefix?: string;
  config?: string;
}

async function withRedis<T>(
  fn: (redis: ReturnType<typeof createRedis>, env: ReturnType<typeof parseEnv>) => Promise<T>,
): Promise<T> {
  loadDotenvFile(process.env);
  assertTestRunIsolated(process.env);
  const env = parseEnv(process.env);
  await assertRedisReachable(env.REDIS_URL);
  const redis = createRedis(env.REDIS_URL, "producer");
  redis.on("error", () => undefined); // reported by the failing command instead
  await redis.connect();
  try {
    return await fn(redis, env);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export function correctionsProgram(): Command {
  const program = new Command()
    .name("npm run corrections --")
    .description(
      "Staff corrections of triage (Alihkan, routing from the triage desk, rejection as 'bukan aduan', " +
        "a kind changed with Jenis), " +
        "recorded by the running service. Days are Asia/Jakarta days. Reads REDIS_URL and ADUAN_PREFIX " +
        "from the environment or .env.",
    )
    .showHelpAfterError();
  program
    .command("export")
    .description(
      "write the corrections decided in the period as labelled JSONL (one line per ticket, its last " +
        "decision): {id, text, labels: [staff's agency] or [] for not a complaint, source, ticket_id, " +
        "tweet_id, decision, actor, at, triage: {agency, kind, disposition, confidence}}, and kind: the staff's " +
        "report kind where they changed it",
    )
    .requiredOption("--from <date>", "first day, YYYY-MM-DD", isoDay)
    .option("--to <date>", "last day, included, YYYY-MM-DD (default: --from)", isoDay)
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .addHelpText(
      "after",
      "\nExample:\n  npm run corrections -- export --from 2026-11-01 --to 2026-11-30 > corrections.jsonl\n" +
        "  npm run backtest -- corrections.jsonl",
    )
    .action(async (o: Common) => {
      const [from, to] = jakartaDays(o.from, o.to);
      await withRedis(async (redis, env) => {
        const log = new RedisCorrectionLog(redis, o.prefix ?? env.ADUAN_PREFIX);
        const lines = toLabelledLines(await log.between(from, to));
        for (const l of lines) process.stdout.write(JSON.stringify(l) + "\n");
        process.stderr.write(`corrections: ${lines.length} tickets corrected by staff\n`);
      });
    });
  program
    .command("backfill")
    .description(
      "record the corrections in the histories of tickets received in the period (those already " +
        "recorded are left as they are)",
    )
    .requiredOption("--from <date>", "first day tickets were received, YYYY-MM-DD", isoDay)
    .option("--to <date>", "last day, included, YYYY-MM-DD (default: --from)", isoDay)
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .option("--config <dir>", "config directory, for the retention (default $ADUAN_CONFIG_DIR or ./config)")
    .action(async (o: Common) => {
      const [from, to] = jakartaDays(o.from, o.to);
      await withRedis(async (redis, env) => {
        const config = await loadConfig(o.config ?? env.ADUAN_CONFIG_DIR, new Date());
        const prefix = o.prefix ?? env.ADUAN_PREFIX;
        const store = new RedisTicketStore(redis, prefix);
        const tickets = await store.listReceivedBetween(
          new Date(from).toISOString(),
          new Date(to).toISOString(),
          {
            limit: Number.MAX_SAFE_INTEGER,
          },
        );
        const log = new RedisCorrectionLog(redis, prefix, config.app.learning.corrections_retention_days);
        const r = await backfillCorrections(tickets, log);
        process.stdout.write(
          `corrections: ${tickets.length} tickets read, ${r.seen} corrections in their histories, ${r.added} newly recorded\n`,
        );
      });
    });
  return program;
}

correctionsProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const fixable = (e: unknown) =>
      e instanceof RedisUnreachableError ||
      e instanceof EnvError ||
      e instanceof ConfigError ||
      e instanceof TestRunLeakError ||
      e instanceof InvalidArgumentError;
    reportFatal(err, process.env, fixable, (t) =>
      process.stderr.write(fixable(err) ? t : `corrections failed: ${t}`),
    );
    process.exitCode = 1;
  });
