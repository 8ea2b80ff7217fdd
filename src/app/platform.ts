import { Telegram } from "telegraf";
import type { TwitterApi } from "twitter-api-v2";
import { BullSlaJobQueue } from "../../jobs/sla-job-queue.js";
import { createQueues, queueEffects, redriveEffects, type Queues } from "../../jobs/queues.js";
import type { ParkedEffects } from "../ports/parked-effects.js";
import { RedisParkedEffects } from "../redis/parked-effects.js";
import { supervisorsChat, type ParkingDeps } from "../supervision/parking.js";
import { renderCardIn, toGatewayKeyboard } from "../core/card-view.js";
import { escapeHtml } from "../core/render-card.js";
import type { PipelineSettings } from "../core/settings.js";
import { supervisionContext, type SupervisionContext } from "../core/supervision-context.js";
import type { Ticket } from "../core/ticket.js";
import { uiStrings } from "../core/ui-strings.js";
import type { CitizenBotGateway, RenderedCard } from "../dispatch/deliver-card.js";
import type { ChatGateway } from "../ports/chat-gateway.js";
import type { StaffEffects } from "../ports/effects.js";
import { TELEGRAM_LIMITS, type RateGate, type RateGateLimits } from "../ports/rate-gate.js";
import type { TicketStore } from "../ports/ticket-store.js";
import { ChatMigrations } from "../redis/chat-migrations.js";
import { SendRateGate } from "../redis/send-rate-gate.js";
import { RedisTicketStore } from "../redis/ticket-store.js";
import { RedisCorrectionLog } from "../redis/correction-log.js";
import { RecordCorrections } from "../learning/record-corrections.js";
import { XUsageCounter } from "../redis/x-usage.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import { createRedis } from "../runtime/redis.js";
import { planSlaJobs } from "../supervision/escalation.js";
import { ReplanOnChange, type TicketChangeListener } from "../supervision/replan-on-change.js";
import { TelegrafChatGateway } from "../telegram/telegraf-chat-gateway.js";
import { GatedChatGateway } from "../dispatch/gated-chat-gateway.js";
import { createXClient } from "../x/x-client.js";
import { limitTelegramCalls } from "../telegram/telegram-call-timeout.js";
import type { AduanConfig } from "./load-config.js";
import { OpsMetrics } from "./ops-metrics.js";
import { PublishTicketChanges, redisChangePublisher } from "../web/live-events.js";

type RedisClient = ReturnType<typeof createRedis>;

export interface PlatformOptions {
  config: AduanConfig;
  settings: PipelineSettings;
  redisUrl: string;
  /** Namespace of every key and queue. */
  prefix: string;
  x: {
    baseUrl?: string | undefined;
    bearerToken?: string | undefined;
    appKey?: string | undefined;
    appSecret?: string | undefined;
    accessToken?: string | undefined;
    accessSecret?: string | undefined;
  };
  /**
   * `callTimeoutMs`: limit of each Bot API call (default 30 s; telegraf's own is 500 s).
   * `citizenToken`: the citizen-facing bot's (`TELEGRAM_CITIZEN_BOT_TOKEN`), same API root.
   */
  telegram: {
    token: string;
    citizenToken?: string | undefined;
    apiRoot?: string | undefined;
    callTimeoutMs?: number;
  };
  /** HMAC key for button data. */
  callbackSecret: string;
  log: Logger;
  clock: Clock;
  /** Telegram flood limits; `null` turns the gate off (benchmarks against the simulator). */
  telegramLimits?: RateGateLimits | null;
  /** The process's Prometheus counters; a fresh one when absent. */
  metrics?: OpsMetrics;
  /** Told of every committed ticket change, after the SLA re-plan (the live feed's staff actions). */
  onTicketChange?: (ticket: Ticket) => void;
}

/**
 * What every role of one process shares, built once: the Redis connection, the queues, the
 * ticket store (with SLA re-planning on every change), the Telegram and X clients and the
 * counters. Each role takes what it needs from here by name.
 */
export interface Platform {
  config: AduanConfig;
  settings: PipelineSettings;
  prefix: string;
  log: Logger;
  clock: Clock;
  now(): number;
  redis: RedisClient;
  queues: Queues;
  /** Outgoing Telegram and reply jobs, with their idempotent job ids. */
  effects: StaffEffects;
  store: TicketStore;
  sla: SupervisionContext;
  /** Plans (or re-plans) a ticket's SLA checks. */
  replan: TicketChangeListener;
  migrations: ChatMigrations;
  /** A group became a supergroup: follow its new id and tell the triage group. */
  onMigrated(oldChatId: number, newChatId: number): Promise<void>;
  usage: XUsageCounter;
  /** Parked effects (the dead letter) and what parking, re-driving and clearing them needs. */
  parked: ParkedEffects;
  parking: ParkingDeps;
  metrics: OpsMetrics;
  chat: ChatGateway;
  gate: RateGate;
  /** The citizen-facing bot's gateway and its own token's gate, when one is configured. */
  citizenBot?: CitizenBotGateway;
  x: TwitterApi;
  renderCard(ticket: Ticket, chatId: number, standsInFor?: string): RenderedCard;
  close(): Promise<void>;
}

export async function openPlatform(o: PlatformOptions): Promise<Platform> {
  const { config, settings, log, clock, prefix } = o;
  const now = () => clock.now();
  const redis = createRedis(o.redisUrl, "worker");
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  await redis.connect();
  const queues = createQueues(redis, prefix);
  const sla = supervisionContext(config);
  const slaJobs = new BullSlaJobQueue(queues.sla);
  const replan: TicketChangeListener = async (ticket) => {
    await planSlaJobs({ queue: slaJobs, sla, now }, ticket);
  };
  const onChange: TicketChangeListener = async (ticket) => {
    try {
      await replan(ticket);
    } finally {
      o.onTicketChange?.(ticket);
    }
  };
  // Every ticket change (pipeline, staff, reopen) passes the store, which re-plans its SLA jobs
  // and records the staff's corrections of triage for the rule suggestions.
  const corrections = new RedisCorrectionLog(redis, prefix, config.app.learning.corrections_retention_days);
  const recorded = new RecordCorrections(new RedisTicketStore(redis, prefix), corrections, (ticket, err) =>
    log.warn(
      { ticket, err: String(err) },
      "could not record a staff correction; `npm run corrections -- backfill` recovers it",
    ),
  );
  const replanned = new ReplanOnChange(recorded, onChange, (ticket, err) =>
    log.warn({ ticket, err: String(err) }, "could not plan SLA jobs; the daily summary re-plans them"),
  );
  // Outermost: every committed change is announced on Redis pub/sub for the dashboard's live view.
  const store = new PublishTicketChanges(replanned, redisChangePublisher(redis, prefix), (ticket, err) =>
    log.warn({ ticket, err: String(err) }, "could not announce a ticket change to the dashboard"),
  );
  const migrations = new ChatMigrations(redis, prefix);
  await migrations.load(settings);
  const onMigrated = async (oldId: number, newId: number): Promise<void> => {
    const group =
      [...settings.agencies.values()].find((a) => a.chatId === oldId)?.short_name ?? String(oldId);
    if (!(await migrations.record(settings, oldId, newId))) return;
    log.warn(
      { oldChatId: oldId, newChatId: newId, group },
      "a Telegram group became a supergroup; following its new id",
    );
    const triageChat = settings.agencies.get(settings.triageAgency)?.chatId;
    if (triageChat !== undefined) {
      const text = uiStrings(settings.language).staff.groupMigrated(group, oldId, newId);
      await queues.telegram.add(
        "text",
        { kind: "text", chatId: triageChat, html: escapeHtml(text) },
        { jobId: `migrated-${Math.abs(oldId)}` },
      );
    }
  };
  const metrics = o.metrics ?? new OpsMetrics();
  const gate = new SendRateGate(
    redis,
    prefix,
    o.telegramLimits === undefined ? TELEGRAM_LIMITS : o.telegramLimits,
  );
  const telegramOf = (token: string) =>
    limitTelegramCalls(
      new Telegram(token, {
        ...(o.telegram.apiRoot ? { apiRoot: o.telegram.apiRoot } : {}),
        webhookReply: false,
      }),
      o.telegram.callTimeoutMs,
    );
  const telegram = telegramOf(o.telegram.token);
  const limits = o.telegramLimits === undefined ? TELEGRAM_LIMITS : o.telegramLimits;
  // Telegram limits each bot on its own: the citizen bot's sends fill windows of their own.
  const citizenBot: CitizenBotGateway | undefined = o.telegram.citizenToken
    ? {
        chat: new TelegrafChatGateway(telegramOf(o.telegram.citizenToken)),
        gate: new SendRateGate(redis, citizenBotNamespace(prefix), limits),
      }
    : undefined;
  const parked = new RedisParkedEffects(redis, prefix);
  return {
    config,
    settings,
    prefix,
    log,
    clock,
    now,
    redis,
    queues,
    parked,
    parking: parkingDeps({ queues, store, settings, parked, now, log }),
    effects: queueEffects(queues),
    store,
    sla,
    replan,
    migrations,
    onMigrated,
    usage: new XUsageCounter(redis, prefix),
    metrics,
    // Whoever sends with the platform's gateway passes the shared gate (bulk priority; a wait
    // defers the job). The workers' delivery re-wraps the same adapter, never gating twice.
    chat: new GatedChatGateway(new TelegrafChatGateway(telegram), {
      gate,
      now,
      onWait: "defer",
      priority: "bulk",
      onMigrated,
      onRateLimited: () => metrics.telegramRateLimited.inc(),
    }),
    gate,
    ...(citizenBot ? { citizenBot } : {}),
    x: createXClient({ ...o.x, timeoutMs: 20_000 }),
    renderCard: cardRenderer(settings, o.callbackSecret),
    async close() {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Where the citizen bot's rate gate keeps its windows: `<prefix>:citizenbot:tg:…`. */
export function citizenBotNamespace(prefix: string): string {
  return `${prefix}:citizenbot`;
}

/** Parking's wiring: supervisors' messages and re-drives as jobs of the pipeline's own queues. */
export function parkingDeps(o: {
  queues: Pick<Queues, "telegram" | "replies">;
  store: TicketStore;
  settings: PipelineSettings;
  parked: ParkedEffects;
  now(): number;
  log: ParkingDeps["log"];
}): ParkingDeps {
  return {
    parked: o.parked,
    store: o.store,
    settings: o.settings,
    now: o.now,
    log: o.log,
    redrive: redriveEffects(o.queues, o.now),
    async tellSupervisors(html, onceKey) {
      const chatId = supervisorsChat(o.settings);
      if (chatId === undefined) return;
      await o.queues.telegram.add("text", { kind: "text", chatId, html }, { jobId: onceKey });
    },
  };
}

/** The card of a ticket as group `chatId` sees it, in the gateway's terms (HTML and `{ text, data }` buttons). */
export function cardRenderer(settings: PipelineSettings, secret: string) {
  return (ticket: Ticket, chatId: number, standsInFor?: string): RenderedCard => {
    const card = renderCardIn({ settings, secret }, ticket, chatId, "main", standsInFor);
    return { html: card.text, keyboard: toGatewayKeyboard(card) };
  };
}
