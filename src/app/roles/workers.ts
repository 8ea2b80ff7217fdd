import { Worker } from "bullmq";
import { repliesProcessor, type ReplyParking } from "../../../jobs/replies.js";
import { upsertReconcileScheduler } from "../../../jobs/sla-job-queue.js";
import { citizenParkCauseOf, effectGotThrough, parkCauseOf, parkEffect } from "../../supervision/parking.js";
import { reconcile, type ReconcileDeps } from "../../supervision/reconcile.js";
import { QUEUES, workerOptions } from "../../../jobs/queues.js";
import { slaProcessor } from "../../../jobs/sla.js";
import { telegramProcessor, type CardParking, type CitizenParking } from "../../../jobs/telegram.js";
import { triageProcessor } from "../../../jobs/triage.js";
import { replyText } from "../../core/reply-text.js";
import { citizenGateway, deliverTelegramJob, type DeliverDeps } from "../../dispatch/deliver-card.js";
import { RedisIncidentIndex } from "../../redis/incident-index.js";
import type { SendReplyDeps } from "../../replies/send-reply.js";
import { sendReply } from "../../replies/send-reply.js";
import {
  gatedSupervisorChannel,
  sendBreachSummary,
  sendDigest,
  type DailyDeps,
} from "../../supervision/digest.js";
import { runSlaCheck, type EscalationDeps } from "../../supervision/escalation.js";
import { handleTweet, type HandleTweetDeps } from "../../tickets/handle-tweet.js";
import { triage, type TriageModel } from "../../triage/triage.js";
import { XApiTweetPublisher } from "../../x/tweet-publisher.js";
import type { LiveTriage } from "../../learning/live-triage.js";
import { offerWeeklySuggestions } from "../../learning/weekly-suggestions.js";
import { RedisCorrectionLog } from "../../redis/correction-log.js";
import { RedisLearnedRules } from "../../redis/learned-rules.js";
import type { Platform } from "../platform.js";
import { moodRecorder } from "../../mood/record-mood.js";
import { digestPulse } from "../../campaigns/pulse-from-redis.js";
import { citizenDeps } from "../citizen-intake.js";
import {
  askForNotices,
  deliverCitizenJob,
  intakeCitizenReport,
  type CitizenJobDeps,
} from "../../citizens/citizen-jobs.js";
import { flushCitizenReport } from "../../citizens/handle-citizen-message.js";
import { GatedChatGateway } from "../../dispatch/gated-chat-gateway.js";

export interface WorkerTuning {
  /** Seconds a reply claim is held before a retry may look for the reply and post (default 60 s). */
  replyLeaseMs?: number;
  /** Longest pause of the replies queue after an X 429 before it probes again (default 60 s). */
  maxRateLimitPauseMs?: number;
  /** How long a card send is presumed in flight before a retry may send again (default 15 s). */
  cardLeaseMs?: number;
}

/** A tweet → a routed ticket: triage (timed), the store, the incident index, the outgoing jobs. */
export function tweetDeps(p: Platform, model: () => TriageModel = () => p.config.triage): HandleTweetDeps {
  return {
    // The model is read once per tweet: a hot reload swaps it between jobs, never within one.
    triage: (input) => {
      const m = model();
      return p.metrics.timeTriage(() => triage(m, input));
    },
    store: p.store,
    incidents: new RedisIncidentIndex(p.redis, p.prefix),
    settings: p.settings,
    now: p.now,
    enqueueCard: (ticketId, round) => p.effects.telegram({ kind: "card", ticketId, dispatch: round }),
    enqueueReply: (ticketId, kind, round) => p.effects.reply({ ticketId, kind, round }),
    enqueueSync: (ticketId) => p.effects.telegram({ kind: "sync", ticketId }),
    feedbackWindowDays: p.config.app.feedback.window_days,
    feedbackLexicon: p.config.feedback,
  };
}

/** A Telegram job → a card sent or edited, through the shared rate gate. */
export function deliverDeps(
  p: Pick<Platform, "store" | "chat" | "gate" | "settings" | "now" | "renderCard" | "onMigrated"> & {
    log: DeliverDeps["log"];
  } & Partial<Pick<Platform, "migrations" | "metrics" | "parking" | "citizenBot">>,
  t: WorkerTuning = {},
): DeliverDeps {
  const { migrations, metrics, parking } = p;
  return {
    store: p.store,
    chat: p.chat,
    gate: p.gate,
    settings: p.settings,
    now: p.now,
    cardLeaseMs: t.cardLeaseMs ?? 15_000,
    renderCard: p.renderCard,
    onMigrated: p.onMigrated,
    log: p.log,
    ...(p.citizenBot ? { citizenBot: p.citizenBot } : {}),
    ...(metrics ? { onRateLimited: () => metrics.telegramRateLimited.inc() } : {}),
    ...(migrations ? { currentChatId: (id: number) => migrations.current(id) } : {}),
    // The card went to the triage group, but its own group's refusal is parked all the same.
    ...(parking
      ? {
          onStandIn: async (ticket, round, cause) => {
            await parkEffect(parking, { ticketId: ticket.id, effect: "card", round, cause, standIn: true });
          },
        }
      : {}),
  };
}

/** Cards and replies that fail for good are parked; one that gets through clears its record. */
export function cardParking(p: Pick<Platform, "parking">): CardParking {
  return {
    failed: async (job, err, exhausted) => {
      await parkEffect(p.parking, {
        ticketId: job.ticketId,
        effect: "card",
        round: job.dispatch,
        cause: parkCauseOf(err, exhausted),
      });
    },
    gotThrough: async (job) => {
      await effectGotThrough(p.parking, job.ticketId, "card");
    },
  };
}

export function replyParking(p: Pick<Platform, "parking">): ReplyParking {
  return {
    failed: async (job, err, exhausted) => {
      await parkEffect(p.parking, {
        ticketId: job.ticketId,
        effect: `reply:${job.kind}`,
        round: job.round,
        cause: parkCauseOf(err, exhausted),
      });
    },
    gotThrough: async (job) => {
      await effectGotThrough(p.parking, job.ticketId, `reply:${job.kind}`);
    },
  };
}

/** A citizen's status message that fails for good is parked as `citizen:<notice>`, like a reply. */
export function citizenParking(p: Pick<Platform, "parking">): CitizenParking {
  return {
    failed: async (job, err, exhausted) => {
      await parkEffect(p.parking, {
        ticketId: job.ticketId,
        effect: `citizen:${job.notice}`,
        round: job.round,
        cause: citizenParkCauseOf(err, exhausted),
      });
    },
    gotThrough: async (job) => {
      await effectGotThrough(p.parking, job.ticketId, `citizen:${job.notice}`);
    },
  };
}

/** The reconciler's view of the platform. */
export function reconcileDeps(p: Platform): ReconcileDeps {
  return { ...p.parking, currentChatId: (id) => p.migrations.current(id) };
}

/** A reply job → one reply tweet, posted at most once. */
export function replyDeps(p: Platform, t: WorkerTuning = {}): SendReplyDeps {
  return {
    store: p.store,
    publisher: new XApiTweetPublisher(p.x, p.settings.ourAccounts[0] ?? ""),
    settings: p.settings,
    render: (ticket, kind) => replyText(ticket, kind, p.settings, p.config.templates),
    countPost: () => p.usage.countPost(p.now()),
    now: p.now,
    ...(t.replyLeaseMs ? { leaseMs: t.replyLeaseMs } : {}),
  };
}

/** SLA checks: re-read the ticket, remind or escalate once. */
export function escalationDeps(p: Platform): EscalationDeps {
  return {
    store: p.store,
    sla: p.sla,
    settings: p.settings,
    now: p.now,
    enqueueTelegram: (job) => p.effects.telegram(job),
  };
}

/** The supervisors' daily messages (breach summary, digest). */
export function dailyDeps(p: Platform): DailyDeps {
  return {
    store: p.store,
    sla: p.sla,
    settings: p.settings,
    channel: gatedSupervisorChannel(p.chat, p.gate, p.now),
    now: p.now,
    replan: p.replan,
  };
}

/** Telegram reports' intake, status messages and collect-window flushes in the workers. */
export function citizenJobDeps(p: Platform, live?: LiveTriage, secret = "") {
  const intake = citizenDeps({
    redis: p.redis,
    prefix: p.prefix,
    config: p.config,
    settings: p.settings,
    store: p.store,
    effects: p.effects,
    queues: p.queues,
    secret,
    ...(live ? { model: () => live.current().model } : {}),
    bot: p.citizenBot ? "citizen" : undefined,
    now: p.now,
    log: p.log,
  });
  const jobs: CitizenJobDeps = {
    store: p.store,
    memory: intake.memory,
    effects: p.effects,
    settings: p.settings,
    chat: new GatedChatGateway(p.chat, { gate: p.gate, now: p.now, onWait: "defer", priority: "bulk" }),
    ...(p.citizenBot
      ? {
          citizenChat: citizenGateway(
            { now: p.now, onRateLimited: () => p.metrics.telegramRateLimited.inc() },
            p.citizenBot,
          ),
        }
      : {}),
    now: p.now,
    log: p.log,
    onBlocked: () => p.metrics.citizenBlocked.inc(),
  };
  return { intake, jobs };
}

/** The `workers` role: one BullMQ worker per pipeline queue, each calling one use case. */
/** `callbackSecret` signs the buttons of the weekly rule suggestions. */
export function workersRole(
  p: Platform,
  t: WorkerTuning & { callbackSecret?: string } = {},
  live?: LiveTriage,
): Worker[] {
  const opts = (queue: { concurrency: number }) => workerOptions(p.redis, p.prefix, queue.concurrency);
  const tweets = tweetDeps(p, live ? () => live.current().model : undefined);
  const deliver = deliverDeps(p, t);
  const reply = replyDeps(p, t);
  const escalation = escalationDeps(p);
  const daily = dailyDeps(p);

  const mood = moodRecorder({
    redis: p.redis,
    prefix: p.prefix,
    config: p.config,
    model: () => (live ? live.current().model : p.config.triage),
  });
  const citizens = citizenJobDeps(p, live, t.callbackSecret);
  const triageWorker = new Worker(
    QUEUES.triage.name,
    triageProcessor({
      handle: async (tweet, origin) => {
        if (origin)
          return intakeCitizenReport(citizens.jobs, (tw, o) => handleTweet(tweets, tw, o), tweet, origin);
        const done = await handleTweet(tweets, tweet);
        // After the ticket is stored: a retried job counts the mood once (per tweet id) all the same.
        // Mood is read from mentions on X; a citizen's private report to the bot is not a mention.
        await mood(tweet, done.ticket.triage);
        return done;
      },
      now: p.now,
    }),
    opts(QUEUES.triage),
  );
  const deliverWithCitizens: DeliverDeps = {
    ...deliver,
    citizenJob: (job) =>
      deliverCitizenJob(citizens.jobs, job, (flush) => flushCitizenReport(citizens.intake, flush)),
  };
  const telegramWorker = new Worker(
    QUEUES.telegram.name,
    telegramProcessor({
      deliver: async (job) => {
        const outcome = await deliverTelegramJob(deliverWithCitizens, job);
        // A card or its edit follows every staff action: the citizen's status messages follow it.
        if (job.kind === "card" || job.kind === "sync" || job.kind === "farewell") {
          await askForNotices({ effects: p.effects, store: p.store }, job.ticketId);
        }
        return outcome;
      },
      now: p.now,
      parking: cardParking(p),
      citizenParking: citizenParking(p),
    }),
    opts(QUEUES.telegram),
  );
  // The processor pauses its own worker on a 429, so it needs a reference to it.
  const repliesWorker: Worker = new Worker(
    QUEUES.replies.name,
    repliesProcessor({
      send: (job) => sendReply(reply, job),
      worker: () => repliesWorker,
      now: p.now,
      maxPauseMs: t.maxRateLimitPauseMs ?? 60_000,
      parking: replyParking(p),
    }),
    opts(QUEUES.replies),
  );
  // SLA reminder/breach checks and the supervisors' daily messages (scheduled by the ingest role).
  const slaWorker = new Worker(
    QUEUES.sla.name,
    slaProcessor({
      check: (check) => runSlaCheck(escalation, check),
      breachSummary: () => sendBreachSummary(daily),
      digest: () =>
        sendDigest({
          ...daily,
          holidays: p.config.holidays,
          usage: p.usage,
          xCost: p.config.app.x.cost,
          pulse: digestPulse(p.redis, p.prefix, p.config, p.settings, p.now),
          // vega, vega-lite and resvg (~20 MB) are loaded the first time a digest is drawn.
          renderChart: async (rows, labels) =>
            (await import("../../chart/resolution-chart.js")).renderResolutionChart(rows, labels),
        }),
      reconcile: () => reconcile(reconcileDeps(p)),
      ...(live
        ? {
            ruleSuggestions: () =>
              offerWeeklySuggestions({
                corrections: new RedisCorrectionLog(p.redis, p.prefix),
                rules: new RedisLearnedRules(p.redis, p.prefix),
                setup: () => live.current(),
                settings: p.settings,
                secret: t.callbackSecret ?? "",
                send: async (chatId, html, keyboard, key) => {
                  await p.queues.telegram.add(
                    "text",
                    { kind: "text", chatId, html, keyboard },
                    { jobId: key },
                  );
                },
                now: p.now,
                top: p.config.app.learning.weekly_suggestions.top,
                days: p.config.app.learning.weekly_suggestions.days,
              }),
          }
        : {}),
      now: p.now,
    }),
    opts(QUEUES.sla),
  );
  // The reconciler every few minutes, and once now (errors are logged: the scheduler retries).
  upsertReconcileScheduler(p.queues.sla, p.config.app.reconcile.every_minutes * 60_000, p.now()).catch(
    (err: unknown) => p.log.warn({ err: String(err) }, "could not schedule the reconciler"),
  );
  return [triageWorker, telegramWorker, repliesWorker, slaWorker];
}
