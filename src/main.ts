import { Command, Option } from "commander";
import { createHash } from "node:crypto";
import { startAduan, type Role, type RunningAduan } from "./app/start-aduan.js";
import { botStarter } from "./app/roles/bot.js";
import { citizenWebhookSettings, webhookSettings } from "./app/telegram-webhook.js";
import { pipelineSettings } from "./app/pipeline-settings-from-config.js";
import { ConfigError } from "./config/config-error.js";
import { checkDeployment, DeploymentConfigError } from "./config/deployment-check.js";
import { loadConfig } from "./app/load-config.js";
import type { DemoWorld } from "../sim/demo/demo-world.js";
import { InstanceLockedError } from "./runtime/instance-lock.js";
import { EnvError, parseEnv, secretValues } from "./runtime/env.js";
import { loadDotenvFile } from "./runtime/dotenv-file.js";
import { reportFatal } from "./runtime/fatal-error.js";
import { assertTestRunIsolated, TestRunLeakError } from "./runtime/test-run-guard.js";
import { createLogger } from "./runtime/logger.js";
import { feedWriter } from "./runtime/pretty-log.js";
import { assertRedisDurable, RedisNotDurableError, unsafeRedisAllowed } from "./runtime/redis-durability.js";
import { assertRedisReachable, createRedis, RedisUnreachableError, waitForRedis } from "./runtime/redis.js";
import { systemClock } from "./runtime/clock.js";
import { demoRoleAlone } from "./app/demo-roles.js";

const program = new Command()
  .name("aduan")
  .description(
    "Aduan: complaint tweets → tickets → agency Telegram groups → citizen replies.\n" +
      "With X and Telegram credentials in .env it runs for real; without them it runs a demo on local simulators.",
  )
  .addOption(
    new Option("--role <role>", "which part this process runs (split them across processes or machines)")
      .choices(["all", "ingest", "workers", "bot"])
      .default("all"),
  )
  .option("--demo", "run the demo on local simulators even if credentials are set")
  .option("--demo-speed <n>", "play the demo's tweets n times faster", (v) => Number(v), 1)
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const opts = program.opts<{ role: "all" | Role; demo?: boolean; demoSpeed: number }>();
  loadDotenvFile(process.env);
  assertTestRunIsolated(process.env);
  const env = parseEnv(process.env);
  const hasX = Boolean(env.X_APP_KEY && env.X_APP_SECRET && env.X_ACCESS_TOKEN && env.X_ACCESS_SECRET);
  const demo = opts.demo === true || (!hasX && !env.TELEGRAM_BOT_TOKEN);
  // A person watches the demo's terminal: readable lines and the live feed, unless LOG_FORMAT=json.
  const pretty = env.LOG_FORMAT === "pretty" || (demo && env.LOG_FORMAT === undefined);
  const log = createLogger({
    level: env.LOG_LEVEL,
    secrets: secretValues(env),
    format: pretty ? "pretty" : "json",
  });
  const config = await loadConfig(env.ADUAN_CONFIG_DIR, new Date(systemClock.now()));
  for (const w of config.warnings) log.warn(w);

  if (!demo && (!hasX || !env.TELEGRAM_BOT_TOKEN)) {
    throw new EnvError(
      "Set all four X_APP_KEY, X_APP_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET and TELEGRAM_BOT_TOKEN in .env (see .env.example), or none of them to run the demo.",
    );
  }
  // Config and environment that would misroute a ticket are refused here, all problems at once.
  const problems = checkDeployment({ agencies: config.agencies, app: config.app, env: process.env, demo });
  if (problems.length > 0) throw new DeploymentConfigError(problems);
  // A webhook without its secret is refused here, before anything starts.
  const webhook = demo ? undefined : webhookSettings(env);
  // The demo keeps one bot; a deployment may give citizens their own (checked above and here).
  const citizenToken = demo || !config.app.citizens.enabled ? undefined : env.TELEGRAM_CITIZEN_BOT_TOKEN;
  const citizenWebhook = citizenToken ? citizenWebhookSettings(env, webhook) : undefined;
  // The demo (a developer at a terminal) is told at once; a service process waits for Redis, as a
  // process manager may start it first (see waitForRedis).
  if (demo) await assertRedisReachable(env.REDIS_URL);
  else await waitForRedis(env.REDIS_URL, { log });

  let world: DemoWorld | undefined;
  let demoNamespace: { release(): Promise<void> } | undefined;
  let prefix = env.ADUAN_PREFIX;
  // The simulators are loaded only for the demo: a production process never reads sim/.
  const demoKit = demo ? await loadDemoKit() : undefined;
  if (demoKit) {
    world = await demoKit.startDemoWorld(config.agencies);
    prefix = `${env.ADUAN_PREFIX}-demo`;
    // Refuses if another demo runs on this prefix; wipes only the namespace it now owns.
    demoNamespace = await demoKit.claimDemoNamespace(env.REDIS_URL, prefix, log);
  } else {
    const probe = createRedis(env.REDIS_URL, "producer");
    await probe.connect();
    // An evicting or non-persistent Redis is refused unless ADUAN_REDIS_UNSAFE=allow (the demo skips this).
    const warnings = await assertRedisDurable(probe, unsafeRedisAllowed(process.env)).finally(() =>
      probe.disconnect(),
    );
    for (const w of warnings) log.warn(w);
  }

  const settings = pipelineSettings(config, process.env, world?.chatIds ?? {});
  const telegramToken = world ? world.telegram.token : (env.TELEGRAM_BOT_TOKEN ?? "");
  const callbackSecret =
    env.CALLBACK_SECRET ?? createHash("sha256").update(`aduan-buttons:${telegramToken}`).digest("base64url");
  const roles = new Set<Role>(opts.role === "all" ? ["ingest", "workers", "bot"] : [opts.role]);
  const running: RunningAduan = await startAduan({
    config,
    settings,
    redisUrl: env.REDIS_URL,
    prefix,
    x: world
      ? { baseUrl: world.x.url, ...demoKit?.DEMO_X_CREDENTIALS }
      : {
          baseUrl: env.X_API_BASE_URL,
          appKey: env.X_APP_KEY,
          appSecret: env.X_APP_SECRET,
          accessToken: env.X_ACCESS_TOKEN,
          accessSecret: env.X_ACCESS_SECRET,
        },
    telegram: {
      token: telegramToken,
      citizenToken,
      apiRoot: world ? world.telegram.url : env.TELEGRAM_API_ROOT,
    },
    callbackSecret,
    roles,
    startBot: botStarter({
      config,
      token: telegramToken,
      apiRoot: world ? world.telegram.url : env.TELEGRAM_API_ROOT,
      prefix,
      secret: callbackSecret,
      log,
      now: () => systemClock.now(),
      webhook,
      citizenToken,
      citizenWebhook,
      onRevoked: (err, variable) => {
        log.error(
          { err: err.message },
          `${variable} was refused by Telegram (401 Unauthorized): revoked or wrong; get a new one from @BotFather. Exiting.`,
        );
        log.flush();
        process.exit(1);
      },
    }),
    adminPassword: env.ADMIN_PASSWORD,
    dashboard: { secret: env.ADUAN_WEB_SECRET, url: env.ADUAN_WEB_URL, tileUrl: env.ADUAN_MAP_TILE_URL },
    log,
    clock: systemClock,
    ...(world ? { pollEveryMs: 3000 } : pollIntervalOverride(process.env)),
    ...(env.ADUAN_TELEGRAM_THROTTLE === "off" ? { telegramLimits: null } : {}),
    httpPort: world ? 0 : env.PORT,
    httpHost: env.OPS_HOST,
    botMaxPollAgeMs: env.ADUAN_BOT_MAX_POLL_AGE_S * 1000,
    webhookListen: { host: env.WEBHOOK_HOST, port: env.WEBHOOK_PORT },
    ...(world ? {} : { redisDurability: { unsafeAllowed: unsafeRedisAllowed(process.env) } }),
    ...(pretty ? { feed: feedWriter() } : {}),
  });

  let stopDemo = () => {};
  if (world && demoKit) {
    const tweets = await demoKit.loadDemoTweets(`${config.dir}/demo/tweets.yaml`);
    const playback = demoKit.playDemoTweets(tweets, (t) => world.x.addTweet(t), { speed: opts.demoSpeed });
    // A few citizens report through the bot's private chat meanwhile (when citizens.enabled).
    const citizens = config.app.citizens.enabled
      ? demoKit.playDemoCitizens(world.telegram, {
          speed: opts.demoSpeed,
          onError: (err) => log.warn({ err: String(err) }, "a demo citizen's message failed"),
        })
      : { stop() {} };
    stopDemo = () => {
      playback.stop();
      citizens.stop();
    };
    console.log(`X simulator: ${world.x.url}`);
    console.log(`Telegram simulator: ${world.telegram.url}`);
    if (running.httpUrl && running.dashboardLink) {
      const supervisor = world.supervisor;
      console.log(`Dashboard: ${running.httpUrl}/dasbor`);
      console.log(
        `Dashboard login for ${supervisor.name} (once, within 15 min; or send /dasbor to the bot privately):\n  ${await running.dashboardLink(supervisor)}`,
      );
    }
    console.log(
      opts.role === "all"
        ? `\nAduan demo is running. Open ${world.telegram.url}/ in a browser: one column per agency group;\n` +
            `${world.x.url}/ shows the citizens' tweets with our replies.\n` +
            `${tweets.length} citizen tweets arrive over the next ${Math.ceil((tweets.at(-1)?.delay_s ?? 0) / opts.demoSpeed)} s; ` +
            `press Ambil, Alihkan, Selesai or Tolak on a card as one of the staff.\n` +
            `${config.app.citizens.enabled ? "Three citizens report through the bot's private chat (the Warga columns); type there as one of them.\n" : ""}` +
            `Ctrl-C stops.\n`
        : demoRoleAlone(opts.role, world.telegram.url),
    );
  }
  if (running.httpUrl) log.info({ url: running.httpUrl }, "health at /healthz, metrics at /metrics");
  if (running.webhookUrl) log.info({ url: running.webhookUrl }, "Telegram webhook listening");
  log.info({ roles: [...roles], demo, prefix }, "aduan started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: no new work, finishing active jobs");
    stopDemo();
    const force = setTimeout(() => {
      log.error("shutdown took over 30 s; exiting anyway (unfinished jobs are retried by the next process)");
      process.exit(1);
    }, 30_000);
    force.unref();
    await running.stop();
    await world?.close();
    await demoNamespace?.release();
    log.info("stopped");
    log.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function loadDemoKit() {
  const [worldModule, tweetsModule, namespaceModule] = await Promise.all([
    import("../sim/demo/demo-world.js"),
    import("../sim/demo/demo-tweets.js"),
    import("../sim/demo/demo-namespace.js"),
  ]);
  const citizensModule = await import("../sim/demo/demo-citizens.js");
  return { ...worldModule, ...tweetsModule, ...namespaceModule, ...citizensModule };
}

/**
 * `ADUAN_POLL_INTERVAL_MS` polls X this often instead of config's `x.poll_interval_seconds` (at
 * least 10 s there, to spare money): the fault-injection suite polls its simulator every second.
 */
function pollIntervalOverride(source: NodeJS.ProcessEnv): { pollEveryMs?: number } {
  const raw = source["ADUAN_POLL_INTERVAL_MS"]?.trim();
  if (!raw) return {};
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 100) {
    throw new EnvError("ADUAN_POLL_INTERVAL_MS must be a whole number of milliseconds, at least 100");
  }
  return { pollEveryMs: ms };
}

main().catch((err: unknown) => {
  // Through the secret scrubber: an error from a client library can carry a token in its URL.
  const fixable = (e: unknown) =>
    e instanceof ConfigError ||
    e instanceof EnvError ||
    e instanceof RedisUnreachableError ||
    e instanceof TestRunLeakError ||
    e instanceof DeploymentConfigError ||
    e instanceof InstanceLockedError ||
    e instanceof RedisNotDurableError;
  process.exit(reportFatal(err, process.env, fixable));
});
