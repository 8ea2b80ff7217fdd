import type { Job, Worker } from "bullmq";
import { createLiveFeed, type LiveFeed } from "./live-feed.js";
import type { Queues } from "../../jobs/queues.js";
import type { PipelineSettings } from "../core/settings.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { ParkedEffects } from "../ports/parked-effects.js";
import { RedisSourceState } from "../redis/source-state.js";
import { RedisLearnedRules } from "../redis/learned-rules.js";
import type { LiveTriage } from "../learning/live-triage.js";
import { startRulesReload } from "./rules-reload.js";
import { createOpsServer, type TelegramBotHealth } from "./ops-server.js";
import type { OpsMetrics } from "./ops-metrics.js";
import { openPlatform, type Platform, type PlatformOptions } from "./platform.js";
import { ingestRole, pollEvery } from "./roles/ingest.js";
import type { WorkerTuning } from "./roles/workers.js";
import { serveTelegramWebhook, type WebhookListen } from "./webhook-server.js";
import type { TelegramWebhookRoute } from "./telegram-webhook.js";
import { dashboardSecret } from "../web/web-secret.js";
import { registerCampaignMoodRoutes } from "../campaigns/campaign-mood-routes.js";
import { campaignMoodDeps } from "../campaigns/pulse-from-redis.js";
import { LoginLinks } from "../web/login-links.js";
import { CachedMembership } from "../staff/membership.js";

export type Role = "ingest" | "workers" | "bot";

export interface AduanOptions extends PlatformOptions, WorkerTuning {
  roles: ReadonlySet<Role>;
  /**
   * The operator's live feed (demo, `LOG_FORMAT=pretty`): each line of it, one per tweet in,
   * verdict, card posted, staff action, reply sent and SLA message, goes here. Off when absent.
   */
  feed?: (line: string) => void;
  /** How often each X source is polled; default from config (`x.poll_interval_seconds`). */
  pollEveryMs?: number;
  /** Port of the health/metrics server; undefined: none (tests), 0: any free port. */
  httpPort?: number;
  /** Interface of the health/metrics/Bull Board server (`OPS_HOST`). Default 127.0.0.1: off the network. */
  httpHost?: string;
  /** The Telegram webhook's own listener (`WEBHOOK_HOST`, `WEBHOOK_PORT`); default 0.0.0.0 on any free port. */
  webhookListen?: WebhookListen;
  /** /healthz checks Redis's durability (see OpsServerDeps); absent: not checked. */
  redisDurability?: { unsafeAllowed: boolean };
  /**
   * /healthz answers 503 when long polling has not had an answer from getUpdates for this long
   * (`ADUAN_BOT_MAX_POLL_AGE_S`, default 120 s). Webhook mode reports the age without failing on it.
   */
  botMaxPollAgeMs?: number;
  /** Starts the bot role (telegraf polling or webhook); given by the composition root. */
  startBot?: (deps: BotStartDeps) => Promise<StartedBot>;
  /** How often a process that triages compares the accepted rules' version (default 30 s). */
  rulesCheckEveryMs?: number;
  /** Password of the Bull Board queue dashboard at `/admin/queues` (`ADMIN_PASSWORD`); off when unset. */
  adminPassword?: string | undefined;
  /**
   * The web dashboard at `/dasbor` on the ops server, and `/dasbor` links from the bot. `secret`:
   * `ADUAN_WEB_SECRET` (else one kept in Redis per prefix); `url`: its public base URL
   * (`ADUAN_WEB_URL`, else the ops server's own); `tileUrl`: `ADUAN_MAP_TILE_URL` (optional).
   */
  dashboard?: { secret?: string | undefined; url?: string | undefined; tileUrl?: string | undefined };
}

export interface StartedBot {
  stop(): Promise<void>;
  /** When getUpdates last answered (polling) or a webhook update last arrived; for /healthz. */
  lastUpdateCheckAt?(): number | undefined;
  /** Webhook mode: the route the ops server serves, and `activate` (setWebhook) once it is served. */
  webhook?: TelegramWebhookRoute & { activate(): Promise<void> };
  /** Webhook mode with a citizen bot: its own route (path and secret), served by the same listener. */
  citizenWebhook?: TelegramWebhookRoute & { activate(): Promise<void> };
}

/** What the bot role takes from the shared platform. */
export type BotStartDeps = Pick<
  Platform,
  "store" | "queues" | "effects" | "chat" | "gate" | "settings" | "redis" | "sla" | "onMigrated" | "parking"
> & {
  /** `/dasbor`: a one-time dashboard login URL for a user (when the dashboard is on). */
  dashboardLink?: (user: { id: number; name: string }) => Promise<string>;
};

export interface RunningAduan {
  /** A fresh one-time dashboard login URL for a user (demo, tests); when the dashboard is on. */
  dashboardLink?: (user: { id: number; name: string }) => Promise<string>;
  queues: Queues;
  store: TicketStore;
  settings: PipelineSettings;
  /** URL of the health/metrics server, when started. */
  httpUrl?: string;
  /** URL of the Telegram webhook's own listener, in webhook mode. */
  webhookUrl?: string;
  metrics: OpsMetrics;
  /** Parked effects (the dead letter) of this deployment. */
  parked: ParkedEffects;
  /** The triage rules in use (a process with the workers role). */
  triage?: LiveTriage;
  /** Polls every source now instead of waiting for the scheduler (demo, tests). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root of one process: opens the shared platform once and starts the roles asked
 * for (`roles/ingest.ts`, `roles/workers.ts`, the bot from `roles/bot.ts`), then the ops server.
 * Every role can run in its own process or machine against the same Redis; nothing here assumes
 * it is alone.
 */
export async function startAduan(o: AduanOptions): Promise<RunningAduan> {
  let feed: LiveFeed | undefined;
  const p = await openPlatform({ ...o, onTicketChange: (ticket) => feed?.ticketChanged(ticket) });
  const { log } = p;
  if (o.feed) feed = createLiveFeed({ settings: p.settings, store: p.store, write: o.feed });
  const ingest = await ingestRole(p, {
    start: o.roles.has("ingest"),
    ...(o.pollEveryMs !== undefined ? { pollEveryMs: o.pollEveryMs } : {}),
  });
  const workers: Worker[] = [];
  // Watched from the moment they exist: a job may complete before the next await returns.
  const watch = (w: Worker) => {
    workers.push(w);
    p.metrics.watchWorker(w);
    feed?.watch(w);
    w.on("failed", (job: Job | undefined, err: Error) =>
      log.warn({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"),
    );
    w.on("error", (err) => log.error({ queue: w.name, err: err.message }, "worker error"));
  };
  ingest.workers.forEach(watch);
  // Each role loads only its own modules: a bot or ingest process never loads the workers' code.
  const stops: (() => Promise<void>)[] = [];
  let live: LiveTriage | undefined;
  if (o.roles.has("workers")) {
    // Accepted rules reach the triage model without a restart (Redis pub/sub + a version key).
    const reload = await startRulesReload(
      p,
      o.rulesCheckEveryMs ? { checkEveryMs: o.rulesCheckEveryMs } : {},
    );
    live = reload.live;
    stops.push(() => reload.stop());
    (await import("./roles/workers.js")).workersRole(p, o, reload.live).forEach(watch);
  }

  // The dashboard's login links: signed with one key every process agrees on, pointing at the
  // public URL (or, when none is configured, at this process's ops server once it listens).
  let httpUrl: string | undefined;
  const web = o.dashboard;
  const webSecret = web ? await dashboardSecret(p.redis, p.prefix, web.secret) : undefined;
  const links = webSecret ? new LoginLinks(p.redis, p.prefix, webSecret, p.now) : undefined;
  const dashboardLink = links
    ? async (user: { id: number; name: string }) => {
        const base = (web?.url ?? httpUrl ?? "").replace(/\/+$/, "");
        return `${base}/dasbor/masuk?t=${await links.issue(user)}`;
      }
    : undefined;

  let webhook: StartedBot["webhook"];
  let citizenWebhook: StartedBot["citizenWebhook"];
  let telegramBot: TelegramBotHealth | undefined;
  if (o.roles.has("bot") && o.startBot) {
    const startedAt = p.now();
    const bot = await o.startBot(dashboardLink ? { ...p, dashboardLink } : p);
    stops.push(() => bot.stop());
    webhook = bot.webhook;
    citizenWebhook = bot.citizenWebhook;
    const lastUpdateCheckAt = bot.lastUpdateCheckAt?.bind(bot);
    if (lastUpdateCheckAt) {
      telegramBot = webhook
        ? { mode: "webhook", lastUpdateCheckAt, startedAt }
        : { mode: "polling", lastUpdateCheckAt, startedAt, maxAgeMs: o.botMaxPollAgeMs ?? 120_000 };
    }
  }

  if (o.httpPort !== undefined) {
    const ops = createOpsServer({
      redis: p.redis,
      queues: p.queues,
      sources: new RedisSourceState(p.redis, p.prefix),
      // A campaign is polled only on its days: its poll age says nothing about the ingest's health.
      sourceIds: o.roles.has("ingest")
        ? ingest.sources.filter((s) => s.kind !== "campaign").map((s) => s.id)
        : [],
      now: p.now,
      maxPollAgeMs: 5 * pollEvery(p, o.pollEveryMs),
      tickets: p.store,
      agencies: [...p.settings.agencies.keys()],
      usage: p.usage,
      metrics: p.metrics,
      adminPassword: o.adminPassword,
      log,
      parked: p.parked,
      open311: {
        store: p.store,
        redis: p.redis,
        prefix: p.prefix,
        agencies: p.config.agencies.map((a) => ({ ...a, keywords: Object.keys(a.keywords) })),
        city: p.config.app.city,
        lang: p.settings.language,
        sla: p.sla,
        now: p.now,
        log,
      },
      ...(o.redisDurability ? { redisDurability: o.redisDurability } : {}),
      ...(telegramBot ? { telegramBot } : {}),
      ...(webSecret
        ? {
            dashboard: {
              redis: p.redis,
              prefix: p.prefix,
              store: p.store,
              settings: p.settings,
              sup: p.sla,
              membership: new CachedMembership({
                redis: p.redis,
                prefix: p.prefix,
                chat: p.chat,
                ttlSeconds: p.config.app.telegram.membership_cache_seconds,
              }),
              secret: webSecret,
              now: p.now,
              log,
              configDir: p.config.dir,
              tileUrl: web?.tileUrl,
              secureCookies: web?.url?.startsWith("https://") === true,
              // The campaigns and mood panels: city-wide figures, for every viewer the guard lets in.
              extraApi: [
                (scope) =>
                  registerCampaignMoodRoutes(
                    scope,
                    campaignMoodDeps(p.redis, p.prefix, p.config, p.now),
                    async () => {},
                  ),
              ],
            },
          }
        : {}),
      rules: async () => {
        const version = await new RedisLearnedRules(p.redis, p.prefix).version();
        if (!live) return { version };
        const s = live.current();
        return {
          version,
          loaded: s.version,
          accepted_rules: s.rules,
          ...(live.lastError ? { reload_failed: live.lastError.message } : {}),
        };
      },
    });
    httpUrl = await ops.listen({ port: o.httpPort, host: o.httpHost ?? "127.0.0.1" });
    stops.push(() => ops.close());
  }
  let webhookUrl: string | undefined;
  if (webhook) {
    const routes = citizenWebhook ? [webhook, citizenWebhook] : [webhook];
    const served = await serveTelegramWebhook(routes, o.webhookListen ?? { host: "0.0.0.0", port: 0 }, log);
    webhookUrl = served.url;
    stops.push(() => served.close());
    // Telegram is told where to post only once the route answers.
    for (const route of routes) await route.activate();
  }

  return {
    queues: p.queues,
    store: p.store,
    settings: p.settings,
    metrics: p.metrics,
    parked: p.parked,
    ...(live ? { triage: live } : {}),
    ...(dashboardLink ? { dashboardLink } : {}),
    ...(httpUrl ? { httpUrl } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    async pollNow() {
      for (const s of ingest.sources) await ingest.poll(s);
    },
    async stop() {
      // Stop taking work first, let active jobs finish (BullMQ waits for them), then close Redis.
      for (const s of stops) await s();
      await Promise.all(workers.map((w) => w.close()));
      await p.close();
    },
  };
}
