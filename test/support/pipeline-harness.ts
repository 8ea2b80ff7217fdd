import { pipelineSettings } from "../../src/app/pipeline-settings-from-config.js";
import { startAduan, type AduanOptions, type Role, type RunningAduan } from "../../src/app/start-aduan.js";
import type { WebhookSettings } from "../../src/app/telegram-webhook.js";
import { botStarter } from "../../src/app/roles/bot.js";
import { loadConfig, type AduanConfig } from "../../src/app/load-config.js";
import { DEMO_X_CREDENTIALS, startDemoWorld, type DemoWorld } from "../../sim/demo/demo-world.js";
import { createLogger, type Logger } from "../../src/runtime/logger.js";
import { systemClock } from "../../src/runtime/clock.js";
import { deleteKeys } from "./delete-keys.js";

let cached: Promise<AduanConfig> | undefined;
/** The shipped config, loaded once per test file. */
export function shippedConfig(): Promise<AduanConfig> {
  cached ??= loadConfig("config", new Date("2026-11-28T03:00:00Z"));
  return cached;
}

export interface PipelineHarness {
  world: DemoWorld;
  aduan: RunningAduan;
  prefix: string;
  close(): Promise<void>;
}

/** The whole pipeline against the simulators and the real Redis, in its own key prefix. */
export async function startPipeline(
  opts: {
    roles?: Role[];
    floodControl?: boolean;
    replyLeaseMs?: number;
    xNow?: () => number;
    /** Agency groups as basic groups that can be upgraded to supergroups. */
    basicGroups?: boolean;
    /** One logger for the pipeline and the bot (default: silent). */
    log?: Logger;
    /** HMAC key of button data (default `test-secret`). */
    callbackSecret?: string;
    /** Serve health, metrics (and the webhook) on this port; 0: any free port. */
    httpPort?: number;
    adminPassword?: string;
    metrics?: AduanOptions["metrics"];
    /** The bot takes updates by webhook (on a listener of its own) instead of long polling. */
    webhook?: WebhookSettings;
    /** Port of the webhook's listener (on 127.0.0.1); default any free port. */
    webhookPort?: number;
    /** /healthz checks Redis's durability (the shared test Redis does not persist). */
    redisDurability?: { unsafeAllowed: boolean };
    /** Limit of each Bot API call the workers make (default 30 s). */
    telegramCallTimeoutMs?: number;
    /** The operator's live feed, line by line (off when absent). */
    feed?: (line: string) => void;
    /** Citizens write to a second bot (`TELEGRAM_CITIZEN_BOT_TOKEN`): `world.citizenBot`. */
    citizenBot?: boolean;
    /** Its webhook, with `webhook`. */
    citizenWebhook?: WebhookSettings;
  } = {},
): Promise<PipelineHarness> {
  const config = await shippedConfig();
  const world = await startDemoWorld(config.agencies, {
    floodControl: opts.floodControl ?? false,
    ...(opts.xNow ? { xNow: opts.xNow } : {}),
    ...(opts.basicGroups ? { basicGroups: true } : {}),
    ...(opts.citizenBot ? { citizenBot: true } : {}),
  });
  const citizenToken = world.citizenBot?.token;
  const prefix = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const aduan = await startAduan({
    config,
    settings: pipelineSettings(config, {}, world.chatIds),
    redisUrl: "redis://127.0.0.1:6379",
    prefix,
    x: { baseUrl: world.x.url, ...DEMO_X_CREDENTIALS },
    telegram: {
      token: world.telegram.token,
      citizenToken,
      apiRoot: world.telegram.url,
      ...(opts.telegramCallTimeoutMs ? { callTimeoutMs: opts.telegramCallTimeoutMs } : {}),
    },
    callbackSecret: opts.callbackSecret ?? "test-secret",
    roles: new Set(opts.roles ?? ["ingest", "workers"]),
    log: opts.log ?? createLogger({ level: "silent" }),
    clock: systemClock,
    ...(opts.httpPort !== undefined ? { httpPort: opts.httpPort } : {}),
    webhookListen: { host: "127.0.0.1", port: opts.webhookPort ?? 0 },
    ...(opts.redisDurability ? { redisDurability: opts.redisDurability } : {}),
    ...(opts.adminPassword ? { adminPassword: opts.adminPassword } : {}),
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    // Polls happen when a test calls pollNow(), not on a timer.
    pollEveryMs: 3_600_000,
    ...(opts.floodControl ? {} : { telegramLimits: null }),
    ...(opts.replyLeaseMs ? { replyLeaseMs: opts.replyLeaseMs } : {}),
    maxRateLimitPauseMs: 1_000,
    ...(opts.feed ? { feed: opts.feed } : {}),
    cardLeaseMs: 1_000,
    startBot: botStarter({
      config,
      token: world.telegram.token,
      apiRoot: world.telegram.url,
      prefix,
      secret: opts.callbackSecret ?? "test-secret",
      log: opts.log ?? createLogger({ level: "silent" }),
      now: () => Date.now(),
      webhook: opts.webhook,
      citizenToken,
      citizenWebhook: opts.citizenWebhook,
    }),
  });
  return {
    world,
    aduan,
    prefix,
    async close() {
      await aduan.stop();
      await world.close();
      await deleteKeys(prefix);
    },
  };
}

export { deleteKeys };
