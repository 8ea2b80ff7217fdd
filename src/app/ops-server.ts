import Fastify, { type FastifyInstance } from "fastify";
import { Registry, Gauge, collectDefaultMetrics } from "prom-client";
import type { Redis } from "ioredis";
import type { Queues } from "../pipeline/queues.js";
import type { RedisSourceState } from "../ingest/redis-source-state.js";

export interface OpsServerDeps {
  redis: Redis;
  queues: Queues;
  sources: RedisSourceState;
  sourceIds: readonly string[];
  now(): number;
  /** A poll older than this makes /healthz report the ingest as stale. */
  maxPollAgeMs: number;
}

/**
 * `/healthz` (Redis answers, queues readable, age of the last successful X poll) and `/metrics`
 * in Prometheus format. Extra routes (the Telegram webhook) are added by the caller.
 */
export function createOpsServer(deps: OpsServerDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const depth = new Gauge({
    name: "aduan_queue_jobs",
    help: "Jobs per queue and state",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      for (const q of [deps.queues.ingest, deps.queues.triage, deps.queues.telegram, deps.queues.replies]) {
        const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "completed");
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
      }
    },
  });
  void depth;

  app.get("/healthz", async (_req, reply) => {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      checks["redis"] = (await deps.redis.ping()) === "PONG" ? "ok" : "unexpected";
    } catch (err) {
      ok = false;
      checks["redis"] = `down: ${(err as Error).message}`;
    }
    for (const id of deps.sourceIds) {
      const last = await deps.sources.lastPolled(id).catch(() => undefined);
      const age = last === undefined ? null : deps.now() - last;
      checks[`poll_age_ms:${id}`] = age;
      if (age !== null && age > deps.maxPollAgeMs) ok = false;
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "degraded", checks });
  });

  app.get("/metrics", async (_req, reply) => {
    return reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
  return app;
}
