import { Queue, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Queues } from "../../jobs/queues.js";
import type { TicketStore } from "../ports/ticket-store.js";
import type { XUsageCounter } from "../redis/x-usage.js";
import { EFFECT_KINDS, type EffectKind, type ParkedEffect } from "../core/parking.js";
import type { ParkedEffects } from "../ports/parked-effects.js";

/**
 * The process's Prometheus registry and the counters the composition root feeds: job outcomes
 * (from worker events), Telegram 429s (from the delivery step) and triage latency. One per
 * process; with several processes, Prometheus sums the counters across them.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  readonly jobsCompleted = new Counter({
    name: "aduan_jobs_completed_total",
    help: "Jobs this process finished, per queue",
    labelNames: ["queue"] as const,
    registers: [this.registry],
  });
  readonly jobsFailed = new Counter({
    name: "aduan_jobs_failed_total",
    help: "Job attempts that failed in this process, per queue (a retried job counts once per failed attempt)",
    labelNames: ["queue"] as const,
    registers: [this.registry],
  });
  readonly telegramRateLimited = new Counter({
    name: "aduan_telegram_rate_limited_total",
    help: "Telegram 429 answers (flood control) this process received",
    registers: [this.registry],
  });
  /** Not a fault (the citizen chose to block the bot), so counted here and never on /healthz. */
  readonly citizenBlocked = new Counter({
    name: "aduan_citizen_blocked_total",
    help: "Citizens' status messages not sent because the citizen blocked the bot on Telegram (403)",
    registers: [this.registry],
  });
  readonly triageSeconds = new Histogram({
    name: "aduan_triage_duration_seconds",
    help: "Time to triage one tweet (normalise, score, locate, abuse)",
    // Triage is in-process CPU work: most tweets take about a millisecond.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a worker's completed and failed jobs under its queue's name. */
  watchWorker(worker: Worker): void {
    worker.on("completed", () => this.jobsCompleted.inc({ queue: worker.name }));
    worker.on("failed", () => this.jobsFailed.inc({ queue: worker.name }));
  }

  /** Runs `fn` (a triage call) and records how long it took. */
  timeTriage<T>(fn: () => T): T {
    const end = this.triageSeconds.startTimer();
    try {
      return fn();
    } finally {
      end();
    }
  }
}

/** Where the scrape-time gauges read from: Redis, never a scan. */
export interface StateSources {
  redis: Redis;
  queues: Queues;
  /** Ticket counts come from the store's index sets. */
  tickets: Pick<TicketStore, "countByStatusAndAgency">;
  /** Agency ids to report tickets for; tickets without one are reported as agency `_`. */
  agencies: readonly string[];
  usage: XUsageCounter;
  now(): number;
  /** Longest a scrape waits for Redis before leaving a gauge out (default 2 s). */
  timeoutMs?: number;
  /** Parked effects (the dead letter), reported by effect kind. */
  parked?: Pick<ParkedEffects, "list">;
}

/** Parked effects per effect kind, every kind present (0 when none). */
export function countByEffect(items: readonly Pick<ParkedEffect, "effect">[]): Map<EffectKind, number> {
  const counts = new Map<EffectKind, number>(EFFECT_KINDS.map((e) => [e, 0]));
  for (const i of items) counts.set(i.effect, (counts.get(i.effect) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 0));
}

/** Every queue of the pipeline, whatever stages it has today. */
export function queueList(queues: Queues): Queue[] {
  return Object.values(queues).filter((q): q is Queue => q instanceof Queue);
}

/**
 * Age of the oldest job waiting to be picked up (0 when none waits). A job that was delayed or
 * retried counts from when it became due again (its delay, or its last attempt), not from when it
 * was made.
 */
export async function oldestWaitingAgeMs(queue: Queue, now: number): Promise<number> {
  const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
  if (!oldest) return 0;
  const due = Math.max(oldest.timestamp + (oldest.delay ?? 0), oldest.processedOn ?? 0);
  return Math.max(0, now - due);
}

/** Rejects after `ms`: a scrape or a health check must answer even when Redis does not. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Gauges read at scrape time: jobs per queue and state, the oldest waiting job's age, tickets by
 * status and agency (ZCARD of the store's index sets), and the month's X reads and posts. A gauge
 * whose read fails or times out is left out of that scrape rather than failing the whole page.
 */
export function registerStateGauges(metrics: OpsMetrics, s: StateSources): void {
  const registers = [metrics.registry];
  const timeoutMs = s.timeoutMs ?? 2000;
  const queues = queueList(s.queues);
  new Gauge({
    name: "aduan_queue_jobs",
    help: "Jobs per queue and state",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (q) => {
          const counts = await withTimeout(
            q.getJobCounts("waiting", "active", "delayed", "failed", "completed"),
            timeoutMs,
            "queue counts",
          ).catch(() => undefined);
          for (const [state, n] of Object.entries(counts ?? {})) this.set({ queue: q.name, state }, n);
        }),
      );
    },
  });
  new Gauge({
    name: "aduan_queue_oldest_waiting_seconds",
    help: "Age of the oldest job waiting to be picked up, per queue (0 when none waits)",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (q) => {
          const age = await withTimeout(oldestWaitingAgeMs(q, s.now()), timeoutMs, "oldest job").catch(
            () => undefined,
          );
          if (age !== undefined) this.set({ queue: q.name }, age / 1000);
        }),
      );
    },
  });
  const agencies = [...s.agencies, "_"];
  new Gauge({
    name: "aduan_tickets",
    help: "Tickets by status and agency (`_`: no agency yet)",
    labelNames: ["status", "agency"] as const,
    registers,
    async collect() {
      this.reset();
      const counts = await withTimeout(
        s.tickets.countByStatusAndAgency(agencies),
        timeoutMs,
        "ticket counts",
      ).catch(() => null);
      for (const c of counts ?? []) this.set({ status: c.status, agency: c.agency }, c.count);
    },
  });
  const parked = s.parked;
  if (parked) {
    new Gauge({
      name: "aduan_parked_effects",
      help: "Effects parked after failing for good (dead letter), by effect kind: card, reply:<kind>",
      labelNames: ["effect"] as const,
      registers,
      async collect() {
        this.reset();
        const items = await withTimeout(parked.list(), timeoutMs, "parked effects").catch(() => undefined);
        if (!items) return;
        const counts = countByEffect(items);
        for (const effect of EFFECT_KINDS) this.set({ effect }, counts.get(effect) ?? 0);
      },
    });
  }
  new Gauge({
    name: "aduan_x_posts_this_month",
    help: "Posts read from and created on X this month (Asia/Jakarta), which X bills per post",
    labelNames: ["kind"] as const,
    registers,
    async collect() {
      this.reset();
      const u = await withTimeout(s.usage.month(s.now()), timeoutMs, "X usage").catch(() => undefined);
      if (!u) return;
      this.set({ kind: "read" }, u.reads);
      this.set({ kind: "created" }, u.posts);
    },
  });
}
