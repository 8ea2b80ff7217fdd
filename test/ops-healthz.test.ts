import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { OpsMetrics } from "../src/app/ops-metrics.js";
import { createOpsServer, type OpsServerDeps } from "../src/app/ops-server.js";
import { RedisSourceState } from "../src/redis/source-state.js";
import { createQueues, type Queues } from "../jobs/queues.js";
import { createRedis } from "../src/runtime/redis.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { deleteKeys } from "./support/pipeline-harness.js";
import { superviseBotPolling } from "../src/telegram/supervised-polling.js";
import { botFor, eventually, startDlhSimulator } from "./support/telegram-simulator-harness.js";

const prefix = `test-healthz-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let queues: Queues;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  redis = createRedis("redis://127.0.0.1:6379", "worker");
  await redis.connect();
  queues = createQueues(redis, prefix);
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(async () => {
  await queues.close();
  await deleteKeys(prefix);
  await redis.quit();
});

function server(overrides: Partial<OpsServerDeps> = {}): FastifyInstance {
  const r = overrides.redis ?? redis;
  const app = createOpsServer({
    redis: r,
    queues,
    sources: new RedisSourceState(r, prefix),
    sourceIds: ["mentions"],
    now: () => Date.now(),
    maxPollAgeMs: 60_000,
    tickets: new RedisTicketStore(r, prefix),
    agencies: ["dlh", "dishub"],
    usage: new XUsageCounter(r, prefix),
    metrics: new OpsMetrics({ defaultMetrics: false }),
    ...overrides,
  });
  servers.push(app);
  return app;
}

async function health(app: FastifyInstance) {
  const res = await app.inject({ method: "GET", url: "/healthz" });
  return { status: res.statusCode, body: res.json<{ status: string; checks: Record<string, unknown> }>() };
}

it("is healthy with Redis up, idle queues and a recent poll", async () => {
  await new RedisSourceState(redis, prefix).markPolled("mentions", Date.now() - 5_000);

  const { status, body } = await health(server());

  expect(status).toBe(200);
  expect(body.status).toBe("ok");
  expect(body.checks).toMatchObject({ redis: "ok", "queue:triage": "ok", "queue:replies": "ok" });
  expect(body.checks["poll_age_ms:mentions"]).toBeGreaterThanOrEqual(5_000);
});

it("is degraded when the last successful poll is older than allowed", async () => {
  await new RedisSourceState(redis, prefix).markPolled("mentions", Date.now() - 10 * 60_000);

  const { status, body } = await health(server());

  expect(status).toBe(503);
  expect(body.status).toBe("degraded");
  expect(body.checks["poll_age_ms:mentions"]).toBeGreaterThanOrEqual(10 * 60_000);
});

it("is degraded when a queue's oldest job has waited past the limit with no worker taking it", async () => {
  await new RedisSourceState(redis, prefix).markPolled("mentions", Date.now());
  await queues.replies.add("received", { ticketId: "ADU-000001", kind: "received", round: 1 });
  // Eleven minutes later by the server's clock, the job still waits.
  const later = () => Date.now() + 11 * 60_000;

  const { status, body } = await health(
    server({ now: later, sources: new RedisSourceState(redis, prefix), sourceIds: [] }),
  );

  expect(status).toBe(503);
  expect(body.checks["queue:replies"]).toMatch(/^stalled: oldest waiting job 6\d\d s old$/);
  expect(body.checks["queue:triage"]).toBe("ok");
  await queues.replies.obliterate({ force: true });
});

it("is degraded, and answers quickly, when Redis cannot be reached", async () => {
  const nowhere = createRedis("redis://127.0.0.1:1", "producer", { retryStrategy: () => null });
  nowhere.on("error", () => undefined);
  await nowhere.connect().catch(() => undefined);

  const started = Date.now();
  const { status, body } = await health(server({ redis: nowhere }));

  expect(status).toBe(503);
  expect(body.status).toBe("degraded");
  expect(body.checks["redis"]).toMatch(/^down: /);
  expect(Date.now() - started).toBeLessThan(3_000);
  nowhere.disconnect();
});

it("leaves the Bull Board routes out when no admin password is set", async () => {
  const res = await server().inject({ method: "GET", url: "/admin/queues" });

  expect(res.statusCode).toBe(404);
});

it("reports an unsafe Redis (no persistence here) as degraded unless the operator allowed it", async () => {
  await new RedisSourceState(redis, prefix).markPolled("mentions", Date.now());
  const unsafe = { "maxmemory-policy": "allkeys-lru", appendonly: "no", save: "" };
  // The shared test Redis's own settings are not ours to change: CONFIG answers come from a stand-in,
  // every other command from the real Redis.
  const evicting = new Proxy(redis, {
    get(target, prop, receiver) {
      if (prop === "config")
        return async (_op: string, key: string) => [key, unsafe[key as keyof typeof unsafe] ?? ""];
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });

  const refused = await health(server({ redis: evicting, redisDurability: { unsafeAllowed: false } }));
  expect(refused.status).toBe(503);
  expect(String(refused.body.checks["redis_durability"])).toMatch(
    /^unsafe: Redis maxmemory-policy is allkeys-lru/,
  );

  const allowed = await health(server({ redis: evicting, redisDurability: { unsafeAllowed: true } }));
  expect(allowed.status).toBe(200);
  expect(String(allowed.body.checks["redis_durability"])).toMatch(/^allowed: /);
});

it("answers 503 while the bot's long polling keeps failing, and 200 again once it recovers", async () => {
  const sim = await startDlhSimulator();
  let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
  const warnings: object[] = [];
  const log = { info: () => undefined, warn: (o: object) => warnings.push(o), error: () => undefined };
  const polling = superviseBotPolling({
    bot: botFor(sim),
    allowedUpdates: ["message"],
    log,
    now: () => clock,
    minBackoffMs: 10,
    maxBackoffMs: 20,
    pollTimeoutSeconds: 1,
    onRevoked: () => undefined,
  });
  try {
    const app = server({
      now: () => clock,
      sourceIds: [],
      telegramBot: {
        mode: "polling",
        lastUpdateCheckAt: polling.lastPollAt,
        startedAt: clock,
        maxAgeMs: 120_000,
      },
    });
    await eventually(() => expect(polling.lastPollAt()).toBe(clock));
    expect(await health(app)).toMatchObject({ status: 200, body: { checks: { telegram_poll_age_ms: 0 } } });

    sim.addFault({ method: "getUpdates", status: 502, count: 1_000_000 });
    await eventually(() => expect(warnings.length).toBeGreaterThan(2));
    clock += 121_000;
    const failing = await health(app);
    expect(failing.status).toBe(503);
    expect(failing.body.checks).toMatchObject({
      telegram_poll_age_ms: 121_000,
      telegram: "last heard from Telegram 121 s ago",
    });

    sim.clearFaults();
    await eventually(() => expect(polling.lastPollAt()).toBe(clock));
    expect(await health(app)).toMatchObject({ status: 200, body: { status: "ok" } });
  } finally {
    polling.stop();
    await polling.done;
    await sim.close();
  }
});

it("answers 503 when the bot has had no answer from Telegram since it started", async () => {
  let clock = Date.UTC(2026, 2, 2, 8, 0, 0);
  const app = server({
    now: () => clock,
    sourceIds: [],
    telegramBot: { mode: "polling", lastUpdateCheckAt: () => undefined, startedAt: clock, maxAgeMs: 120_000 },
  });
  expect((await health(app)).status).toBe(200);
  clock += 180_000;
  expect(await health(app)).toMatchObject({
    status: 503,
    body: { checks: { telegram: "no answer from Telegram since the bot started 180 s ago" } },
  });
});

it("reports the age of the last webhook update without failing on a quiet bot", async () => {
  const clock = Date.UTC(2026, 2, 2, 8, 0, 0);
  const app = server({
    now: () => clock,
    sourceIds: [],
    telegramBot: {
      mode: "webhook",
      lastUpdateCheckAt: () => clock - 3_600_000,
      startedAt: clock - 7_200_000,
    },
  });
  expect(await health(app)).toMatchObject({
    status: 200,
    body: { checks: { telegram_update_age_ms: 3_600_000 } },
  });
});
