import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LoginThrottle } from "../src/app/login-throttle.js";
import { OpsMetrics } from "../src/app/ops-metrics.js";
import { createOpsServer } from "../src/app/ops-server.js";
import { RedisSourceState } from "../src/redis/source-state.js";
import { createQueues, type Queues } from "../jobs/queues.js";
import { createRedis } from "../src/runtime/redis.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { deleteKeys } from "./support/pipeline-harness.js";

const prefix = `test-board-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let queues: Queues;
beforeAll(async () => {
  redis = createRedis("redis://127.0.0.1:6379", "worker");
  await redis.connect();
  queues = createQueues(redis, prefix);
});
afterAll(async () => {
  await queues.close();
  await deleteKeys(prefix);
  await redis.quit();
});

const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;

it("throttles failed Bull Board logins per address and logs each failure, then lets the right password in after the window", async () => {
  let now = Date.parse("2026-11-28T07:00:00Z");
  const warnings: { obj: object; msg: string }[] = [];
  const app = createOpsServer({
    redis,
    queues,
    sources: new RedisSourceState(redis, prefix),
    sourceIds: [],
    now: () => now,
    maxPollAgeMs: 60_000,
    tickets: new RedisTicketStore(redis, prefix),
    agencies: [],
    usage: new XUsageCounter(redis, prefix),
    metrics: new OpsMetrics({ defaultMetrics: false }),
    adminPassword: "kata-sandi-dasbor-2026",
    loginThrottle: new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now }),
    log: { warn: (obj, msg) => warnings.push({ obj, msg }) },
  });
  const get = (password?: string, ip = "203.0.113.7") =>
    app.inject({
      method: "GET",
      url: "/admin/queues/api/queues",
      remoteAddress: ip,
      headers: password === undefined ? {} : { authorization: basic(password) },
    });

  expect((await get()).statusCode).toBe(401); // a browser's first try carries no password: not counted
  for (const guess of ["admin", "123456", "bandung"]) expect((await get(guess)).statusCode).toBe(401);
  const blocked = await get("kata-sandi-dasbor-2026");
  expect(blocked.statusCode).toBe(429);
  expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
  expect((await get("kata-sandi-dasbor-2026", "198.51.100.9")).statusCode).toBe(200); // another address

  expect(warnings.map((w) => w.msg)).toEqual([
    "failed Bull Board login",
    "failed Bull Board login",
    "failed Bull Board login",
  ]);
  expect(warnings.at(-1)?.obj).toMatchObject({ ip: "203.0.113.7", failures: 3 });
  expect(JSON.stringify(warnings)).not.toContain("bandung");

  now += 60_000;
  expect((await get("kata-sandi-dasbor-2026")).statusCode).toBe(200);
  await app.close();
});
