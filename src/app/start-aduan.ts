import { Worker, type Job } from "bullmq";
import { Telegram } from "telegraf";
import { ingestProcessor } from "../../jobs/ingest.js";
import { repliesProcessor } from "../../jobs/replies.js";
import { telegramProcessor } from "../../jobs/telegram.js";
import { triageProcessor } from "../../jobs/triage.js";
import { slaProcessor } from "../../jobs/sla.js";
import type { AduanConfig } from "../config/load-config.js";
import { pollSource, type SourceSpec } from "../ingest/poll-source.js";
import { RedisSourceState } from "../ingest/redis-source-state.js";
import { renderCardIn, toGatewayKeyboard } from "../pipeline/card-view.js";
import { deliverTelegramJob, type DeliverDeps } from "../pipeline/deliver-card.js";
import { handleTweet } from "../pipeline/handle-tweet.js";
import { RedisIncidentIndex, type IncidentIndex } from "../pipeline/incident-index.js";
import type { PipelineSettings } from "../pipeline/pipeline-settings.js";
import {
  createQueues,
  jobId,
  QUEUE,
  bullPrefix,
  type Queues,
  type TelegramJob,
  type ReplyJob,
} from "../pipeline/queues.js";
import { replyText } from "../pipeline/reply-text.js";
import { sendReply } from "../pipeline/send-reply.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import { createRedis } from "../runtime/redis.js";
import {
  gatedSupervisorChannel,
  sendBreachSummary,
  sendDigest,
  type DailyDeps,
} from "../supervision/digest.js";
import { planSlaJobs, runSlaCheck } from "../supervision/escalation.js";
import { renderResolutionChart } from "../supervision/resolution-chart.js";
import { BullSlaJobQueue, upsertSupervisionSchedulers } from "../supervision/sla-job-queue.js";
import { SlaSchedulingTicketStore, type TicketChangeListener } from "../supervision/sla-scheduling-store.js";
import { supervisionContext } from "../supervision/supervision-context.js";
import { TelegrafChatGateway, type ChatGateway } from "../telegram/chat-gateway.js";
import { SendRateGate, TELEGRAM_LIMITS } from "../telegram/send-rate-gate.js";
import type { RedisTicketStore } from "../tickets/ticket-store.js";
import { triage } from "../triage/triage.js";
import { XApiTweetPublisher } from "../x/tweet-publisher.js";
import { XApiTweetSource } from "../x/tweet-source.js";
import { createXClient } from "../x/x-client.js";
import { ChatMigrations } from "../telegram/chat-migrations.js";
import { escapeHtml } from "../tickets/render-card.js";
import { uiStrings } from "../tickets/ui-strings.js";
import { createOpsServer } from "./ops-server.js";
import { serveTelegramWebhook, type WebhookListen } from "./webhook-server.js";
import { OpsMetrics } from "./ops-metrics.js";
import type { TelegramWebhookRoute } from "./telegram-webhook.js";
import { XUsageCounter } from "../x/x-usage.js";

export type Role = "ingest" | "workers" | "bot";

export interface AduanOptions {
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
  telegram: { token: string; apiRoot?: string | undefined };
  /** HMAC key for button data. */
  callbackSecret: string;
  roles: ReadonlySet<Role>;
  log: Logger;
  clock: Clock;
  /** Telegram flood limits; `null` turns the gate off (benchmarks against the simulator). */
  telegramLimits?: typeof TELEGRAM_LIMITS | null;
  /** How often each X source is polled; default from config (`x.poll_interval_seconds`). */
  pollEveryMs?: number;
  /** Seconds a reply claim is held before a retry may look for the reply and post (default 60 s). */
  replyLeaseMs?: number;
  /**
   * Longest pause of the replies queue after an X 429 before it probes again (default 60 s): a
   * window reset can be 15 minutes away, and one probe a minute costs nothing (429s are not billed).
   */
  maxRateLimitPauseMs?: number;
  /** How long a card send is presumed in flight before a retry may send again (default 15 s). */
  cardLeaseMs?: number;
  /** Port of the health/metrics server; undefined: none (tests), 0: any free port. */
  httpPort?: number;
  /** Interface of the health/metrics/Bull Board server (`OPS_HOST`). Default 127.0.0.1: off the network. */
  httpHost?: string;
  /** The Telegram webhook's own listener (`WEBHOOK_HOST`, `WEBHOOK_PORT`); default 0.0.0.0 on any free port. */
  webhookListen?: WebhookListen;
  /** /healthz checks Redis's durability (see OpsServerDeps); absent: not checked. */
  redisDurability?: { unsafeAllowed: boolean };
  /** Starts the bot role (telegraf polling or webhook); given by the composition root. */
  startBot?: (deps: BotStartDeps) => Promise<StartedBot>;
  /** The process's Prometheus counters; a fresh one when absent (tests pass their own to read it). */
  metrics?: OpsMetrics;
  /** Password of the Bull Board queue dashboard at `/admin/queues` (`ADMIN_PASSWORD`); off when unset. */
  adminPassword?: string | undefined;
}

export interface StartedBot {
  stop(): Promise<void>;
  /** Webhook mode: the route the ops server serves, and `activate` (setWebhook) once it is served. */
  webhook?: TelegramWebhookRoute & { activate(): Promise<void> };
}

export interface BotStartDeps {
  store: RedisTicketStore;
  queues: Queues;
  chat: ChatGateway;
  settings: PipelineSettings;
  redis: ReturnType<typeof createRedis>;
  /** A group became a supergroup: follow it and tell the operator. */
  onMigrated(oldChatId: number, newChatId: number): Promise<void>;
}

export interface RunningAduan {
  queues: Queues;
  store: RedisTicketStore;
  settings: PipelineSettings;
  /** URL of the health/metrics server, when started. */
  httpUrl?: string;
  /** URL of the Telegram webhook's own listener, in webhook mode. */
  webhookUrl?: string;
  metrics: OpsMetrics;
  /** Polls every source now instead of waiting for the scheduler (demo, tests). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root of one process: builds the adapters once and starts the roles asked for.
 * Every role can run in its own process or machine against the same Redis; nothing here assumes
 * it is alone.
 */
export async function startAduan(o: AduanOptions): Promise<RunningAduan> {
  const { config, settings, log, clock, prefix } = o;
  const redis = createRedis(o.redisUrl, "worker");
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  await redis.connect();
  const queues = createQueues(redis, prefix);
  const sla = supervisionContext(config);
  const slaJobs = new BullSlaJobQueue(queues.sla);
  const replan: TicketChangeListener = async (ticket) => {
    await planSlaJobs({ queue: slaJobs, sla, now: () => clock.now() }, ticket);
  };
  // Every ticket change (pipeline, staff, reopen) passes the store, which re-plans its SLA jobs.
  const store: RedisTicketStore = new SlaSchedulingTicketStore(redis, `${prefix}:`, replan, (ticket, err) =>
    log.warn({ ticket, err: String(err) }, "could not plan SLA jobs; the daily summary re-plans them"),
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
        {
          jobId: `migrated-${Math.abs(oldId)}`,
        },
      );
    }
  };
  const usage = new XUsageCounter(redis, prefix);
  const metrics = o.metrics ?? new OpsMetrics();
  const telegram = new Telegram(o.telegram.token, {
    ...(o.telegram.apiRoot ? { apiRoot: o.telegram.apiRoot } : {}),
    webhookReply: false,
  });
  const chat = new TelegrafChatGateway(telegram);
  const gate = new SendRateGate(
    redis,
    prefix,
    o.telegramLimits === undefined ? TELEGRAM_LIMITS : o.telegramLimits,
  );
  const x = createXClient({ ...o.x, timeoutMs: 20_000 });
  const workers: Worker[] = [];
  const stops: (() => Promise<void>)[] = [];
  const workerOpts = (concurrency: number) => ({
    connection: redis,
    prefix: bullPrefix(prefix),
    concurrency,
    autorun: true,
    // A job that was active in a worker that died is retried; BullMQ's default gives up after one
    // such stall, and a triage job given up is a complaint lost (the X cursor has moved on). Five
    // crashes in a row still stop a job that kills every worker it touches.
    maxStalledCount: 5,
  });

  const enqueueTelegram = async (job: TelegramJob, id?: string) => {
    await queues.telegram.add(job.kind, job, id ? { jobId: id } : {});
  };
  const enqueueReply = async (job: ReplyJob) => {
    await queues.replies.add(job.kind, job, { jobId: jobId.reply(job.ticketId, job.kind, job.round) });
  };

  const sources: SourceSpec[] = [
    { id: "mentions", kind: "mentions" },
    ...config.app.x.searches.map((s) => ({
      id: s.id,
      kind: "search" as const,
      query: s.query,
    })),
  ];
  const sourceMap = new Map(sources.map((s) => [s.id, s]));
  let source: XApiTweetSource | undefined;
  const state = new RedisSourceState(redis, prefix);
  const poll = async (spec: SourceSpec) => {
    if (!source) {
      const me = await x.v2.me();
      source = new XApiTweetSource(x, me.data.id, settings.ourAccounts, (err) =>
        log.warn({ tweet: err.tweetId, err: err.message }, "skipped a malformed tweet from X"),
      );
    }
    const result = await pollSource(
      {
        source,
        state,
        now: () => clock.now(),
        maxResults: config.app.x.max_results,
        countReads: (n) => usage.countReads(n, clock.now()),
        enqueue: async (tweets, s) => {
          await queues.triage.addBulk(
            tweets.map((t) => ({
              name: "tweet",
              data: { tweet: t, sourceId: s.id },
              opts: { jobId: jobId.tweet(t.id) },
            })),
          );
        },
      },
      spec,
    );
    log.debug({ source: spec.id, ...result }, "polled X");
    return result;
  };

  if (o.roles.has("ingest")) {
    const every = o.pollEveryMs ?? config.app.x.poll_interval_seconds * 1000;
    for (const s of sources) {
      await queues.ingest.upsertJobScheduler(
        `poll-${s.id}`,
        { every },
        { name: "poll", data: { sourceId: s.id } },
      );
    }
    await upsertSupervisionSchedulers(queues.sla, config.sla);
    workers.push(new Worker(QUEUE.ingest, ingestProcessor({ sources: sourceMap, poll }), workerOpts(1)));
  }

  if (o.roles.has("workers")) {
    const triageHandle = tweetHandler(
      new RedisIncidentIndex(redis, prefix),
      config,
      settings,
      store,
      clock,
      enqueueTelegram,
      enqueueReply,
      metrics,
    );
    workers.push(new Worker(QUEUE.triage, triageProcessor({ handle: triageHandle }), workerOpts(8)));

    const deliverDeps: DeliverDeps = {
      store,
      chat,
      gate,
      settings,
      now: () => clock.now(),
      cardLeaseMs: o.cardLeaseMs ?? 15_000,
      onRateLimited: () => metrics.telegramRateLimited.inc(),
      renderCard: (ticket, chatId) => {
        const card = renderCardIn({ settings, secret: o.callbackSecret }, ticket, chatId);
        return { html: card.text, keyboard: toGatewayKeyboard(card) };
      },
      onMigrated,
      currentChatId: (id) => migrations.current(id),
      log,
    };
    workers.push(
      new Worker(
        QUEUE.telegram,
        telegramProcessor({ deliver: (job) => deliverTelegramJob(deliverDeps, job), now: () => clock.now() }),
        workerOpts(4),
      ),
    );

    const publisher = new XApiTweetPublisher(x, settings.ourAccounts[0] ?? "");
    // The processor pauses its own worker on a 429, so it needs a reference to it.
    const repliesWorker: Worker = new Worker(
      QUEUE.replies,
      repliesProcessor({
        send: (job) =>
          sendReply(
            {
              store,
              publisher,
              settings,
              render: (ticket, kind) => replyText(ticket, kind, settings, config.templates),
              countPost: () => usage.countPost(clock.now()),
              now: () => clock.now(),
              ...(o.replyLeaseMs ? { leaseMs: o.replyLeaseMs } : {}),
            },
            job,
          ),
        worker: () => repliesWorker,
        now: () => clock.now(),
        maxPauseMs: o.maxRateLimitPauseMs ?? 60_000,
      }),
      workerOpts(2),
    );
    workers.push(repliesWorker);

    // SLA reminder/breach checks and the supervisors' daily messages (scheduled by the ingest role).
    const daily: DailyDeps = {
      store,
      sla,
      settings,
      channel: gatedSupervisorChannel(chat, gate, () => clock.now()),
      now: () => clock.now(),
      replan,
    };
    workers.push(
      new Worker(
        QUEUE.sla,
        slaProcessor({
          check: (check) =>
            runSlaCheck({ store, sla, settings, now: () => clock.now(), enqueueTelegram }, check),
          breachSummary: () => sendBreachSummary(daily),
          digest: () =>
            sendDigest({
              ...daily,
              holidays: config.holidays,
              usage,
              xCost: config.app.x.cost,
              renderChart: renderResolutionChart,
            }),
          now: () => clock.now(),
        }),
        workerOpts(2),
      ),
    );
  }

  for (const w of workers) {
    metrics.watchWorker(w);
    w.on("failed", (job: Job | undefined, err: Error) =>
      log.warn({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"),
    );
    w.on("error", (err) => log.error({ queue: w.name, err: err.message }, "worker error"));
  }

  let webhook: StartedBot["webhook"];
  if (o.roles.has("bot") && o.startBot) {
    const bot = await o.startBot({ store, queues, chat, settings, redis, onMigrated });
    stops.push(() => bot.stop());
    webhook = bot.webhook;
  }

  let httpUrl: string | undefined;
  if (o.httpPort !== undefined) {
    const ops = createOpsServer({
      redis,
      queues,
      sources: state,
      sourceIds: o.roles.has("ingest") ? sources.map((s) => s.id) : [],
      now: () => clock.now(),
      maxPollAgeMs: 5 * (o.pollEveryMs ?? config.app.x.poll_interval_seconds * 1000),
      tickets: store,
      agencies: [...settings.agencies.keys()],
      usage,
      metrics,
      adminPassword: o.adminPassword,
      log,
      ...(o.redisDurability ? { redisDurability: o.redisDurability } : {}),
    });
    httpUrl = await ops.listen({ port: o.httpPort, host: o.httpHost ?? "127.0.0.1" });
    stops.push(() => ops.close());
  }
  let webhookUrl: string | undefined;
  if (webhook) {
    const served = await serveTelegramWebhook(webhook, o.webhookListen ?? { host: "0.0.0.0", port: 0 }, log);
    webhookUrl = served.url;
    stops.push(() => served.close());
    // Telegram is told where to post only once the route answers.
    await webhook.activate();
  }

  return {
    queues,
    store,
    settings,
    metrics,
    ...(httpUrl ? { httpUrl } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    async pollNow() {
      for (const s of sources) await poll(s);
    },
    async stop() {
      // Stop taking work first, let active jobs finish (BullMQ waits for them), then close Redis.
      for (const s of stops) await s();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function tweetHandler(
  incidents: IncidentIndex,
  config: AduanConfig,
  settings: PipelineSettings,
  store: RedisTicketStore,
  clock: Clock,
  enqueueTelegram: (job: TelegramJob, id?: string) => Promise<void>,
  enqueueReply: (job: ReplyJob) => Promise<void>,
  metrics: OpsMetrics,
) {
  return (tweet: Parameters<typeof handleTweet>[1]) =>
    handleTweet(
      {
        triage: (input) => metrics.timeTriage(() => triage(config.triage, input)),
        store,
        incidents,
        settings,
        now: () => clock.now(),
        enqueueCard: (ticketId, round) =>
          enqueueTelegram({ kind: "card", ticketId, dispatch: round }, jobId.card(ticketId, round)),
        enqueueReply: (ticketId, kind, round) => enqueueReply({ ticketId, kind, round }),
        enqueueSync: (ticketId) => enqueueTelegram({ kind: "sync", ticketId }),
        feedbackWindowDays: config.app.feedback.window_days,
      },
      tweet,
    );
}
