import { createHash, timingSafeEqual } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { TicketStore } from "../ports/ticket-store.js";
import type { Queues } from "../../jobs/queues.js";
import type { RedisSourceState } from "../redis/source-state.js";
import type { XUsageCounter } from "../redis/x-usage.js";
import {
  countByEffect,
  OpsMetrics,
  oldestWaitingAgeMs,
  queueList,
  registerStateGauges,
  withTimeout,
} from "./ops-metrics.js";
import { mountTelegramWebhook, type TelegramWebhookRoute } from "./telegram-webhook.js";
import { LoginThrottle } from "./login-throttle.js";
import { redisDurabilityWarnings } from "../runtime/redis.js";
import type { ParkedEffects } from "../ports/parked-effects.js";
import { registerOpen311, type Open311Deps } from "../open311/open311-routes.js";
import { registerDashboard, type DashboardDeps } from "../web/dashboard-routes.js";

export interface OpsServerDeps {
  redis: Redis;
  queues: Queues;
  sources: RedisSourceState;
  sourceIds: readonly string[];
  now(): number;
  /** A poll older than this makes /healthz report the ingest as stale. */
  maxPollAgeMs: number;
  /**
   * A queue whose oldest waiting job has waited longer than this is stalled: no worker is taking
   * its jobs. Default 10 minutes (longer than a replies pause for an X rate limit, shorter than
   * anyone would accept for a citizen's complaint).
   */
  maxWaitingAgeMs?: number;
  /** Ticket counts come from the store's index sets. */
  tickets: Pick<TicketStore, "countByStatusAndAgency">;
  /** Agency ids the ticket gauges report on. */
  agencies: readonly string[];
  usage: XUsageCounter;
  /** The process's counters (the composition root feeds them from the workers); a fresh one if absent. */
  metrics?: OpsMetrics;
  /** Password of the Bull Board queue dashboard at `/admin/queues` (user `admin`); off when unset. */
  adminPassword?: string | undefined;
  /** The Telegram webhook route, when the bot role runs here in webhook mode. */
  telegramWebhook?: TelegramWebhookRoute | undefined;
  log?: { warn(obj: object, msg: string): void };
  /** Failed Bull Board logins per address (default: 5 per 15 minutes, then 429 until the window ends). */
  loginThrottle?: LoginThrottle;
  /**
   * Checks Redis's persistence and eviction policy on every /healthz (cached 30 s). Unsafe settings
   * make it `degraded` unless `unsafeAllowed` (`ADUAN_REDIS_UNSAFE=allow`), which only reports
   * them. Absent: not checked (the demo and tests run on a throwaway Redis).
   */
  redisDurability?: { unsafeAllowed: boolean };
  /** The bot role in this process: /healthz reports how long ago it last heard from Telegram. */
  telegramBot?: TelegramBotHealth;
  /**
   * Parked effects (the dead letter): /healthz reports their count and is `degraded` (503) while
   * any is parked; `/metrics` has them by effect kind. `/livez` ignores them.
   */
  parked?: Pick<ParkedEffects, "list">;
  /**
   * The version of the accepted rules (Redis) and, in a process that triages, the version its model
   * was built with and why the last reload failed; shown, never a reason for 503 (the rules in use
   * still route).
   */
  rules?: () => Promise<Record<string, unknown>>;
  /** The public, read-only Open311 GeoReport v2 API under `/open311` (off when absent). */
  open311?: Open311Deps;
  /** The web dashboard under `/dasbor` (see `web/dashboard-routes.ts`); off when absent. */
  dashboard?: DashboardDeps;
}

/**
 * What /healthz knows of the bot. Long polling: `lastUpdateCheckAt` is when getUpdates last answered
 * (every ≤ 50 s even when nobody writes), so an age past `maxAgeMs` means the poller is failing or
 * gone: 503. Webhook mode: it is when the last update arrived, which on a quiet bot may be hours ago,
 * so the age is reported but fails the check only if `maxAgeMs` is given for webhooks too.
 */
export interface TelegramBotHealth {
  mode: "polling" | "webhook";
  lastUpdateCheckAt(): number | undefined;
  /** When the bot role started: before the first answer, the age counts from here. */
  startedAt: number;
  /** Past this age /healthz answers 503 (polling; webhook only when set). */
  maxAgeMs?: number | undefined;
}

/** The Bull Board user name; the password comes from `ADMIN_PASSWORD`. */
export const ADMIN_USER = "admin";

/**
 * The process's HTTP side: `/healthz` (Redis answers, no queue stalled, age of the last
 * successful X poll), `/metrics` in Prometheus format, the Bull Board dashboard behind a password,
 * the Telegram webhook when the bot runs in webhook mode, the web dashboard at `/dasbor` and the
 * public Open311 read API. Nothing else: the simulators' control routes live only in the
 * simulators' own servers (demo and tests).
 */
export function createOpsServer(deps: OpsServerDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  const metrics = deps.metrics ?? new OpsMetrics();
  registerStateGauges(metrics, deps);
  const maxWaitingAgeMs = deps.maxWaitingAgeMs ?? 10 * 60_000;
  let durabilityCache: { at: number; warnings: Promise<string[]> } | undefined;
  const durability = (): Promise<string[]> => {
    const now = deps.now();
    if (!durabilityCache || now - durabilityCache.at > 30_000) {
      durabilityCache = {
        at: now,
        warnings: withTimeout(redisDurabilityWarnings(deps.redis), 2000, "CONFIG GET"),
      };
      durabilityCache.warnings.catch(() => (durabilityCache = undefined));
    }
    return durabilityCache.warnings;
  };

  // For process managers: the process runs and answers. A parked card must not get it restarted
  // (a restart fixes nothing there), so nothing but the event loop is checked here.
  app.get("/livez", async (_req, reply) => reply.code(200).send({ status: "alive" }));

  app.get("/healthz", async (_req, reply) => {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      const pong = await withTimeout(deps.redis.ping(), 2000, "PING");
      checks["redis"] = pong === "PONG" ? "ok" : "unexpected";
    } catch (err) {
      checks["redis"] = `down: ${(err as Error).message}`;
      // Everything below reads Redis too: say what is known and stop here.
      return reply.code(503).send({ status: "degraded", checks });
    }
    const now = deps.now();
    for (const q of queueList(deps.queues)) {
      const age = await withTimeout(oldestWaitingAgeMs(q, now), 2000, "oldest job").catch(
        (err: unknown) => err as Error,
      );
      if (age instanceof Error) {
        ok = false;
        checks[`queue:${q.name}`] = `unreadable: ${age.message}`;
      } else if (age > maxWaitingAgeMs) {
        ok = false;
        checks[`queue:${q.name}`] = `stalled: oldest waiting job ${Math.round(age / 1000)} s old`;
      } else {
        checks[`queue:${q.name}`] = "ok";
      }
    }
    if (deps.redisDurability) {
      const warnings = await durability().catch((err: unknown) => [`unknown: ${(err as Error).message}`]);
      checks["redis_durability"] =
        warnings.length === 0
          ? "ok"
          : `${deps.redisDurability.unsafeAllowed ? "allowed" : "unsafe"}: ${warnings.join(" ")}`;
      if (warnings.length > 0 && !deps.redisDurability.unsafeAllowed) ok = false;
    }
    for (const id of deps.sourceIds) {
      const last = await withTimeout(deps.sources.lastPolled(id), 2000, "poll time").catch(() => undefined);
      const age = last === undefined ? null : now - last;
      checks[`poll_age_ms:${id}`] = age;
      if (age !== null && age > deps.maxPollAgeMs) ok = false;
    }
    const tg = deps.telegramBot;
    if (tg) {
      const last = tg.lastUpdateCheckAt();
      const age = now - (last ?? tg.startedAt);
      checks[tg.mode === "polling" ? "telegram_poll_age_ms" : "telegram_update_age_ms"] = age;
      if (tg.maxAgeMs !== undefined && age > tg.maxAgeMs) {
        ok = false;
        checks["telegram"] =
          last === undefined
            ? `no answer from Telegram since the bot started ${Math.round(age / 1000)} s ago`
            : `last heard from Telegram ${Math.round(age / 1000)} s ago`;
      }
    }
    if (deps.parked) {
      const parked = await withTimeout(deps.parked.list(), 2000, "parked effects").catch(
        (err: unknown) => err as Error,
      );
      if (parked instanceof Error) {
        ok = false;
        checks["parked_effects"] = `unreadable: ${parked.message}`;
      } else {
        checks["parked_effects"] = parked.length;
        if (parked.length > 0) {
          ok = false;
          const byEffect = countByEffect(parked);
          checks["parked"] =
            `${parked.length} parked (${[...byEffect].map(([e, n]) => `${e} ${n}`).join(", ")}): ` +
            "see /macet or npm run redrive -- --list";
        }
      }
    }
    if (deps.rules) {
      try {
        checks["rules"] = await deps.rules();
      } catch (err) {
        checks["rules"] = `unreadable: ${(err as Error).message}`;
      }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "degraded", checks });
  });

  app.get("/metrics", async (_req, reply) => {
    return reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (deps.adminPassword) {
    mountBullBoard(app, deps.queues, deps.adminPassword, deps.loginThrottle ?? new LoginThrottle(), deps.log);
  }
  if (deps.telegramWebhook) mountTelegramWebhook(app, deps.telegramWebhook, deps.log);
  if (deps.open311) registerOpen311(app, deps.open311);
  if (deps.dashboard) registerDashboard(app, deps.dashboard);
  return app;
}

function mountBullBoard(
  app: FastifyInstance,
  queues: Queues,
  password: string,
  throttle: LoginThrottle,
  log: OpsServerDeps["log"],
): void {
  const board = new FastifyAdapter();
  board.setBasePath("/admin/queues");
  createBullBoard({ queues: queueList(queues).map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const expected = createHash("sha256").update(`${ADMIN_USER}:${password}`).digest();
  const authorise = async (request: FastifyRequest, reply: FastifyReply) => {
    const waitMs = throttle.blockedForMs(request.ip);
    if (waitMs > 0) {
      // Refused before the password is even compared: guessing stops costing us and paying off.
      await reply
        .code(429)
        .header("retry-after", String(Math.ceil(waitMs / 1000)))
        .send({ error: "too many failed logins" });
      return;
    }
    const header = request.headers.authorization ?? "";
    const given = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString() : "";
    if (timingSafeEqual(createHash("sha256").update(given).digest(), expected)) {
      throttle.succeed(request.ip);
      return;
    }
    if (header !== "") {
      // A browser's first request carries no credentials: only a wrong password counts (and is logged).
      const failures = throttle.fail(request.ip);
      log?.warn({ ip: request.ip, failures, path: request.url.split("?")[0] }, "failed Bull Board login");
    }
    await reply
      .code(401)
      .header("www-authenticate", 'Basic realm="Aduan queues", charset="UTF-8"')
      .send({ error: "unauthorized" });
  };
  // The hook sits on a wrapping scope so it guards every route the dashboard registers, assets included.
  void app.register(async (scope) => {
    scope.addHook("onRequest", authorise);
    await scope.register(board.registerPlugin(), { prefix: "/admin/queues" });
  });
}
