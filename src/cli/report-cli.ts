import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { assertTestRunIsolated, TestRunLeakError } from "../runtime/test-run-guard.js";
import { reportFatal } from "../runtime/fatal-error.js";
import { ConfigError } from "../config/config-error.js";
import { loadConfig } from "../app/load-config.js";
import { formatReportCsv, formatReportJson, formatReportTable } from "../core/reports/format-report.js";
import { buildReport, type ReportCut } from "../core/reports/ticket-report.js";
import { EnvError, parseEnv } from "../runtime/env.js";
import { assertRedisReachable, createRedis, RedisUnreachableError } from "../runtime/redis.js";
import { SUPPORTED_TIMEZONES } from "../core/sla/sla-policy.js";
import { parseReportPeriod, PERIOD_FORMS } from "../core/reports/report-period.js";
import { loadReportTickets } from "../supervision/report-tickets.js";
import { withAgencyNames } from "../core/reports/report-view.js";
import { supervisionContext } from "../core/supervision-context.js";
import { RedisTicketStore } from "../redis/ticket-store.js";
import { findTicketPrefixes } from "../redis/ticket-prefixes.js";
import { agencyHolding } from "../core/card-view.js";
import type { Ticket } from "../core/ticket.js";

/**
 * `npm run report`: the supervisors' report for any period, from the tickets in Redis, as a
 * table for people, CSV for spreadsheets or JSON for machines. Reads `REDIS_URL`,
 * `ADUAN_PREFIX` and `ADUAN_CONFIG_DIR` from the environment or `.env`.
 */

/** Above this many tickets, loading is slow enough to deserve a progress bar (on a terminal). */
const PROGRESS_FROM_TICKETS = 2_000;

const CUTS: readonly ReportCut[] = ["agency", "topic", "kecamatan", "urgency", "channel"];

function isoDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError("expected a date like 2026-11-01");
  return value;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
}

interface Options {
  from?: string;
  to?: string;
  period?: string;
  agency?: string;
  cut: ReportCut;
  format: "table" | "csv" | "json";
  prefix?: string;
  config?: string;
  slowest: number;
}

/** Where the CLI writes and what it reads: the process's own streams and environment, or a test's. */
export interface ReportCliIo {
  /** Read (and filled from `.env` unless `ADUAN_DOTENV=off`) like `process.env`. */
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  /** A progress bar is drawn on it when it is a terminal. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/**
 * Runs `npm run report -- <argv>` and resolves with its exit code: 0 done, 2 a usage or setup
 * error (told on stderr), 1 anything else. Never throws, never exits the process: tests run it
 * in-process, which spares them a Node start-up per run on a busy machine.
 */
export async function runReportCli(argv: string[], io: ReportCliIo): Promise<number> {
  try {
    return await runReport(argv, io);
  } catch (err) {
    const fixable = (e: unknown) =>
      e instanceof RedisUnreachableError ||
      e instanceof EnvError ||
      e instanceof ConfigError ||
      e instanceof TestRunLeakError;
    // Scrubbed like main.ts: an error may carry a secret from the environment. Exit code 1 as before.
    reportFatal(err, io.env, fixable, (t) => io.stderr.write(fixable(err) ? t : `report failed: ${t}`));
    return 1;
  }
}

async function runReport(argv: string[], io: ReportCliIo): Promise<number> {
  const usage = (message: string): number => {
    io.stderr.write(`report: ${message}\nRun npm run report -- --help for the options.\n`);
    return 2;
  };
  const program = new Command()
    .name("npm run report --")
    .description(
      "Supervisors' report over the tickets in Redis: received, resolved, rejected, open backlog by age, " +
        "time to first response and to resolution (median, p90, mean; working and calendar time), share " +
        "within SLA, reopen rate and the slowest open tickets. Days are in Asia/Jakarta time. " +
        "Reads REDIS_URL, ADUAN_PREFIX and ADUAN_CONFIG_DIR from the environment or .env.",
    )
    .option("--from <date>", "first day of the period, YYYY-MM-DD", isoDay)
    .option("--to <date>", "last day of the period, included, YYYY-MM-DD (default: --from)", isoDay)
    .option("--period <words>", `instead of --from/--to: ${PERIOD_FORMS.join(", ")}`)
    .option("--agency <id>", "only the tickets this agency owns, e.g. dishub")
    .addOption(new Option("--cut <by>", "one row per").choices(CUTS).default("agency"))
    .addOption(new Option("--format <format>", "output").choices(["table", "csv", "json"]).default("table"))
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .option("--config <dir>", "config directory (default $ADUAN_CONFIG_DIR or ./config)")
    .option("--slowest <n>", "slowest open tickets to list", count, 5)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  npm run report -- --from 2026-11-01 --to 2026-11-30\n" +
        "  npm run report -- --period 'minggu lalu' --agency dishub --cut kecamatan\n" +
        "  npm run report -- --from 2026-11-01 --to 2026-11-30 --format csv > aduan-2026-11.csv",
    )
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .showHelpAfterError()
    .exitOverride();

  try {
    program.parse(argv, { from: "user" });
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code ?? 2;
  }
  const o = program.opts<Options>();

  let asked: string;
  if (o.period !== undefined) {
    if (o.from !== undefined || o.to !== undefined)
      return usage("give either --period or --from/--to, not both");
    asked = o.period;
  } else if (o.from !== undefined) {
    asked = `${o.from}..${o.to ?? o.from}`;
  } else {
    return usage("which period? give --from (and --to) or --period");
  }
  const now = new Date();
  const periodIn = (offsetMinutes: number) =>
    parseReportPeriod(asked, now, { utcOffsetMinutes: offsetMinutes, maxDays: 3660 });
  // Checked once before the config is read, so a typo is answered at once.
  const early = periodIn(SUPPORTED_TIMEZONES["Asia/Jakarta"]);
  if (!early.ok) return usage(early.message);

  loadDotenvFile(io.env);
  assertTestRunIsolated(io.env);
  const env = parseEnv(io.env);
  const config = await loadConfig(o.config ?? env.ADUAN_CONFIG_DIR, now);
  const sup = supervisionContext(config);
  const offset = SUPPORTED_TIMEZONES[sup.policy.timezone];
  const parsed = periodIn(offset);
  if (!parsed.ok) return usage(parsed.message);
  const period = parsed.period;

  if (o.agency !== undefined && !config.agencies.some((a) => a.id === o.agency)) {
    return usage(`unknown agency ${o.agency}; known: ${config.agencies.map((a) => a.id).join(", ")}`);
  }

  const redisUrl = env.REDIS_URL;
  await assertRedisReachable(redisUrl);
  const redis = createRedis(redisUrl, "producer");
  redis.on("error", () => undefined); // reported by the failing command instead
  await redis.connect();
  let bar: SingleBar | undefined;
  try {
    const prefix = o.prefix ?? env.ADUAN_PREFIX;
    const store = new RedisTicketStore(redis, prefix);
    // A ticket held in moderation (or triage) counts for that group, as in /statistik.
    const routing = {
      triageAgency: config.app.telegram.triage_agency,
      moderationAgency: config.app.telegram.moderation_agency,
    };
    const ownerOf = (ticket: Ticket) => agencyHolding(ticket, routing);
    const tickets = await loadReportTickets(store, period.from, period.to, {
      ...(o.agency !== undefined ? { agency: o.agency } : {}),
      ownerOf,
      onProgress: ({ chunksDone, chunks, tickets: loaded }) => {
        if (!bar && io.stderr.isTTY && loaded >= PROGRESS_FROM_TICKETS && chunksDone < chunks) {
          bar = new SingleBar({
            // Only a terminal gets a bar, and a terminal is the process's own stderr stream.
            stream: io.stderr as NodeJS.WritableStream,
            format: "loading tickets [{bar}] {value}/{total} weeks | {tickets} tickets",
          });
          bar.start(chunks, chunksDone, { tickets: loaded });
        }
        bar?.update(chunksDone, { tickets: loaded });
      },
    });
    bar?.stop();
    const report = buildReport(tickets, {
      from: period.from,
      to: period.to,
      cut: o.cut,
      now,
      calendars: sup.calendars,
      targetsFor: sup.targetsFor,
      ownerOf,
      slowest: o.slowest,
    });
    // Which namespace was read goes to stderr, so a CSV or JSON on stdout stays clean.
    io.stderr.write(await prefixNote(redis, prefix, tickets.length));
    let out: string;
    if (o.format === "csv") out = formatReportCsv(report, config.app.language);
    else if (o.format === "json") out = formatReportJson(report);
    else {
      const names = new Map(config.agencies.map((a) => [a.id, a.short_name]));
      out = `${formatReportTable(
        withAgencyNames(report, (id) => names.get(id)),
        {
          utcOffsetMinutes: offset,
          slowest: o.slowest,
        },
      )}\n`;
    }
    io.stdout.write(out);
    return 0;
  } finally {
    bar?.stop();
    await redis.quit().catch(() => redis.disconnect());
  }
}

/**
 * "Tickets read from prefix aduan (0 tickets)." and, when that prefix holds none, the prefixes
 * that do: after `npm start` ran the demo (prefix `aduan-demo`) a report of `aduan` shows zeros.
 */
async function prefixNote(redis: Parameters<typeof findTicketPrefixes>[0], prefix: string, read: number) {
  const lines = [`report: read prefix "${prefix}" (${read} tickets read).\n`];
  if (read === 0) {
    const others = (await findTicketPrefixes(redis)).filter((p) => p.prefix !== prefix);
    if (others.length > 0) {
      const list = others
        .slice(0, 5)
        .map((p) => `${p.prefix} (${p.tickets} tickets)`)
        .join(", ");
      lines.push(
        `report: other prefixes on this Redis hold tickets: ${list}. ` +
          `Read one with --prefix ${others[0]!.prefix} (the demo writes under <ADUAN_PREFIX>-demo).\n`,
      );
    }
  }
  return lines.join("");
}

// Run as a script (`npm run report`), not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runReportCli(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  }).then((code) => {
    process.exitCode = code;
  });
}
