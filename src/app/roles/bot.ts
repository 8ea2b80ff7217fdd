import type { AduanConfig } from "../load-config.js";
import { redisKeys } from "../../redis/keys.js";
import { XUsageCounter } from "../../redis/x-usage.js";
import { digestPulse } from "../../campaigns/pulse-from-redis.js";
import { composeDigest } from "../../supervision/digest.js";
import { acquireInstanceLock } from "../../runtime/instance-lock.js";
import type { Logger } from "../../runtime/logger.js";
import { createAduanBot, type AduanBot } from "../../telegram/aduan-bot.js";
import type { BotStartDeps, StartedBot } from "../start-aduan.js";
import { parkingActions } from "../../supervision/parking.js";
import type { TelegramWebhookRoute, WebhookSettings } from "../telegram-webhook.js";
import { citizenDeps } from "../citizen-intake.js";
import { createCitizenBot, type CitizenBot } from "../../telegram/citizen-bot.js";

/**
 * Starts the bot role: staff actions from Telegram, by long polling (one process per token) or,
 * when `webhook` is given, by a webhook route the caller mounts. With `citizenToken` citizens
 * write to a second bot, started alongside (its own poller and lock, or its own webhook route).
 */
export function botStarter(o: {
  config: AduanConfig;
  token: string;
  apiRoot?: string | undefined;
  prefix: string;
  secret: string;
  log: Logger;
  now(): number;
  /** Webhook mode (`TELEGRAM_WEBHOOK_URL`); long polling when absent. */
  webhook?: WebhookSettings | undefined;
  /** `TELEGRAM_CITIZEN_BOT_TOKEN`: citizens' private chats go to that bot (app.yaml `citizens.enabled`). */
  citizenToken?: string | undefined;
  /** The citizen bot's webhook (`TELEGRAM_CITIZEN_WEBHOOK_URL`); required with `webhook` and `citizenToken`. */
  citizenWebhook?: WebhookSettings | undefined;
  /**
   * Telegram refused the token (401) while polling: polling has stopped for good. The composition
   * root exits non-zero so the process manager shows the failure instead of a live, deaf bot.
   */
  onRevoked?: (err: Error, variable: "TELEGRAM_BOT_TOKEN" | "TELEGRAM_CITIZEN_BOT_TOKEN") => void;
}) {
  return async (deps: BotStartDeps): Promise<StartedBot> => {
    // One long poller per prefix: a second refuses before it calls Telegram at all, instead of
    // fighting over getUpdates (409). A webhook may be served by any number of processes.
    const lock = o.webhook
      ? undefined
      : await acquireInstanceLock(deps.redis, redisKeys(o.prefix).lock("bot-polling"), {
          what: "the bot's long polling",
          onLost: () => o.log.error("the bot's polling lock was taken by another process"),
        });
    const citizens = o.config.app.citizens.enabled
      ? (bot: "one" | "citizen") =>
          citizenDeps({
            redis: deps.redis,
            prefix: o.prefix,
            config: o.config,
            settings: deps.settings,
            store: deps.store,
            effects: deps.effects,
            queues: deps.queues,
            secret: o.secret,
            bot: bot === "citizen" ? "citizen" : undefined,
            now: o.now,
            log: o.log,
          })
      : undefined;
    const citizenBot: CitizenBot | undefined =
      citizens && o.citizenToken
        ? createCitizenBot({
            token: o.citizenToken,
            ...(o.apiRoot ? { apiRoot: o.apiRoot } : {}),
            citizens: citizens("citizen"),
            language: deps.settings.language,
            log: o.log,
            now: o.now,
          })
        : undefined;
    // Its name is in the staff bot's answer to strangers; polling would learn it a moment later.
    await citizenBot?.identify();
    const bot = createAduanBot({
      token: o.token,
      ...(o.apiRoot ? { apiRoot: o.apiRoot } : {}),
      redis: deps.redis,
      prefix: o.prefix,
      onMigrated: deps.onMigrated,
      store: deps.store,
      // Side effects of staff actions go through the same queues as the pipeline's, with the same job ids.
      effects: deps.effects,
      settings: deps.settings,
      secret: o.secret,
      now: o.now,
      log: o.log,
      membershipCacheSeconds: o.config.app.telegram.membership_cache_seconds,
      leaveUnknownGroups: o.config.app.telegram.leave_unknown_groups,
      commandsPerMinute: o.config.app.telegram.commands_per_minute,
      privateMessagesPerMinute: o.config.app.telegram.private_messages_per_minute,
      strangerAnswerMinutes: o.config.app.telegram.stranger_answer_minutes,
      // The workers' gate: the bot's interactive calls and the cards share one set of windows.
      gate: deps.gate,
      supervision: deps.sla,
      replyTemplates: o.config.templates,
      ...(citizenBot
        ? { citizenBot: { username: () => citizenBot.username() } }
        : citizens
          ? { citizens: citizens("one") }
          : {}),
      parking: parkingActions(deps.parking),
      ...(deps.dashboardLink ? { dashboardLink: deps.dashboardLink } : {}),
      digestNow: async () => {
        const digest = await composeDigest({
          store: deps.store,
          sla: deps.sla,
          settings: deps.settings,
          now: o.now,
          holidays: o.config.holidays,
          usage: new XUsageCounter(deps.redis, o.prefix),
          xCost: o.config.app.x.cost,
          pulse: digestPulse(deps.redis, o.prefix, o.config, deps.settings, o.now),
          // vega, vega-lite and resvg (~20 MB) are loaded the first time a digest is drawn.
          renderChart: async (rows, labels) =>
            (await import("../../chart/resolution-chart.js")).renderResolutionChart(rows, labels),
        });
        return "png" in digest.chart
          ? { html: digest.html, chart: digest.chart }
          : { html: digest.html, noChart: digest.chart.noData };
      },
    });
    await bot.setCommands().catch((err: unknown) => o.log.warn({ err: String(err) }, "setMyCommands failed"));
    // /healthz. Polling: the older of the two pollers' last answer (either going deaf is a
    // failure; each answers at least every long-poll timeout). Webhook: the latest update of
    // either, as a quiet citizen bot may rightly hear nothing for hours.
    const lastUpdateCheckAt = (): number | undefined => {
      const staff = bot.lastUpdateCheckAt();
      if (!citizenBot) return staff;
      const citizen = citizenBot.lastUpdateCheckAt();
      if (o.webhook) return staff === undefined ? citizen : Math.max(staff, citizen ?? staff);
      return staff === undefined || citizen === undefined ? undefined : Math.min(staff, citizen);
    };
    const hook = o.webhook;
    if (hook) {
      const citizenHook = o.citizenWebhook;
      if (citizenBot && !citizenHook) {
        throw new Error(
          "webhook mode with a citizen bot needs TELEGRAM_CITIZEN_WEBHOOK_URL (see webhookSettings)",
        );
      }
      if (citizenBot) {
        await citizenBot
          .setCommands()
          .catch((err: unknown) =>
            o.log.warn({ err: String(err) }, "setMyCommands of the citizen bot failed"),
          );
      }
      return {
        stop: async () => {
          await bot.stop();
          await citizenBot?.stop();
        },
        lastUpdateCheckAt,
        webhook: webhookRoute(bot, hook, o.log, "Telegram webhook set"),
        ...(citizenBot && citizenHook
          ? {
              citizenWebhook: webhookRoute(
                citizenBot,
                citizenHook,
                o.log,
                "Telegram webhook of the citizen bot set",
              ),
            }
          : {}),
      };
    }
    // The citizen bot's poller has a lock of its own: it polls a different token.
    const citizenLock = citizenBot
      ? await acquireInstanceLock(deps.redis, redisKeys(o.prefix).lock("citizen-bot-polling"), {
          what: "the citizen bot's long polling",
          onLost: () => o.log.error("the citizen bot's polling lock was taken by another process"),
        })
      : undefined;
    bot.launchPolling(undefined, (err) => o.onRevoked?.(err, "TELEGRAM_BOT_TOKEN"));
    citizenBot?.launchPolling((err) => o.onRevoked?.(err, "TELEGRAM_CITIZEN_BOT_TOKEN"));
    return {
      lastUpdateCheckAt,
      stop: async () => {
        await bot.stop();
        await citizenBot?.stop();
        await lock?.release();
        await citizenLock?.release();
      },
    };
  };
}

/**
 * A bot's webhook route for the ops server. `activate` is separate because Telegram must not be
 * told the URL until the route is served, or its first updates would meet a 404.
 */
function webhookRoute(
  bot: Pick<AduanBot, "webhookCallback" | "setWebhook">,
  hook: WebhookSettings,
  log: Logger,
  activatedMessage: string,
): TelegramWebhookRoute & { activate(): Promise<void> } {
  return {
    path: hook.path,
    secretToken: hook.secretToken,
    handle: bot.webhookCallback(hook.path, hook.secretToken),
    async activate() {
      await bot.setWebhook(hook.url, hook.secretToken);
      log.info({ path: hook.path }, activatedMessage);
    },
  };
}
