import { pathToFileURL } from "node:url";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { createQueues } from "../../jobs/queues.js";
import { loadConfig } from "../app/load-config.js";
import { parkingDeps } from "../app/platform.js";
import { pipelineSettings } from "../app/pipeline-settings-from-config.js";
import { ConfigError } from "../config/config-error.js";
import { parkedLine } from "../core/parking.js";
import { agencyLabel } from "../core/settings.js";
import { parseTicketId } from "../core/ticket-id.js";
import { RedisParkedEffects } from "../redis/parked-effects.js";
import { RedisTicketStore } from "../redis/ticket-store.js";
import { loadDotenvFile } from "../runtime/dotenv-file.js";
import { EnvError, parseEnv } from "../runtime/env.js";
import { reportFatal } from "../runtime/fatal-error.js";
import { assertRedisReachable, createRedis, RedisUnreachableError } from "../runtime/redis.js";
import { assertTestRunIsolated, TestRunLeakError } from "../runtime/test-run-guard.js";
import { redriveParked, redriveTicket } from "../supervision/parking.js";

/**
 * `npm run redrive`: the operator's hand on parked effects (the dead letter). Lists them, or
 * re-drives one ticket's or all of them now, as jobs with fresh ids on the pipeline's queues (the
 * workers send them; each effect's idempotency key makes a repeat harmless). Reads `REDIS_URL`,
 * `ADUAN_PREFIX` and `ADUAN_CONFIG_DIR` from the environment or `.env`, like `npm run report`.
 */

interface Options {
  list?: boolean;
  ticket?: string;
  all?: boolean;
  prefix?: string;
  config?: string;
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Read `.env` into `env` first (the command line; tests build their own environment). */
  readDotenv?: boolean;
  /** Show a progress bar for `--all` (default: when stderr is a terminal). */
  progress?: boolean;
}

function ticketId(value: string): string {
  const id = parseTicketId(value);
  if (!id) throw new InvalidArgumentError("expected a ticket id like ADU-000123");
  return id;
}

export async function runRedriveCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command()
    .name("npm run redrive --")
    .description(
      "Parked effects (cards and replies that failed for good): list them, or re-drive them now. " +
        "A re-drive enqueues the effect again under a fresh job id; the running workers send it, and " +
        "its idempotency key means nothing is sent twice. Reads REDIS_URL, ADUAN_PREFIX and " +
        "ADUAN_CONFIG_DIR from the environment or .env.",
    )
    .option("--list", "list parked effects, newest first")
    .option("--ticket <id>", "re-drive the parked effects of one ticket, e.g. ADU-000123", ticketId)
    .option("--all", "re-drive every parked effect")
    .option("--prefix <prefix>", "Redis key namespace (default $ADUAN_PREFIX or aduan)")
    .option("--config <dir>", "config directory (default $ADUAN_CONFIG_DIR or ./config)")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  npm run redrive -- --list\n" +
        "  npm run redrive -- --ticket ADU-000123\n" +
        "  npm run redrive -- --all --prefix aduan",
    )
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv, { from: "user" });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode ?? 2;
  }
  const o = program.opts<Options>();
  const asked = [o.list, o.ticket !== undefined, o.all].filter(Boolean).length;
  if (asked !== 1) {
    io.err("redrive: give exactly one of --list, --ticket <id>, --all\nRun npm run redrive -- --help.\n");
    return 2;
  }

  if (io.readDotenv) loadDotenvFile(io.env);
  assertTestRunIsolated(io.env);
  const env = parseEnv(io.env);
  const config = await loadConfig(o.config ?? env.ADUAN_CONFIG_DIR, new Date());
  const settings = pipelineSettings(config, io.env);
  const prefix = o.prefix ?? env.ADUAN_PREFIX;
  await assertRedisReachable(env.REDIS_URL);
  const redis = createRedis(env.REDIS_URL, "producer");
  redis.on("error", () => undefined); // reported by the failing command instead
  await redis.connect();
  const queues = createQueues(redis, prefix);
  let bar: SingleBar | undefined;
  try {
    const parked = new RedisParkedEffects(redis, prefix);
    const store = new RedisTicketStore(redis, prefix);
    const log = { info: () => undefined, warn: () => undefined };
    const deps = parkingDeps({ queues, store, settings, parked, now: Date.now, log });
    if (o.list) {
      const items = await parked.list();
      if (items.length === 0) {
        io.out("nothing is parked\n");
        return 0;
      }
      io.out(`${items.length} parked:\n`);
      for (const item of items) {
        const line = parkedLine(item, settings.language, (id) => agencyLabel(settings, id));
        io.out(`${line} · ${item.code} · ${item.attempts}× · ${item.detail}\n`);
      }
      return 0;
    }
    if (o.ticket !== undefined) {
      const done = await redriveTicket(deps, o.ticket);
      if (done.outcome === "not_parked") {
        io.err(`redrive: ${o.ticket} has nothing parked\n`);
        return 1;
      }
      io.out(`${o.ticket}: re-driven ${done.effects.join(", ")}\n`);
      return 0;
    }
    const items = await parked.list();
    if (io.progress ?? process.stderr.isTTY) {
      bar = new SingleBar({ stream: process.stderr, format: "re-driving [{bar}] {value}/{total}" });
      bar.start(items.length, 0);
    }
    for (const item of items) {
      await redriveParked(deps, item);
      bar?.increment();
    }
    bar?.stop();
    io.out(`re-driven ${items.length} parked effect${items.length === 1 ? "" : "s"}\n`);
    return 0;
  } finally {
    bar?.stop();
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const env = process.env;
  runRedriveCli(process.argv.slice(2), {
    env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readDotenv: true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const fixable = (e: unknown) =>
        e instanceof RedisUnreachableError ||
        e instanceof EnvError ||
        e instanceof ConfigError ||
        e instanceof TestRunLeakError;
      reportFatal(err, env, fixable, (t) => process.stderr.write(fixable(err) ? t : `redrive failed: ${t}`));
      process.exitCode = 1;
    },
  );
}
