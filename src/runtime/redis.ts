import { Redis, type RedisOptions } from "ioredis";
import { AduanError } from "../errors.js";

export class RedisUnreachableError extends AduanError {
  readonly code = "REDIS_UNREACHABLE";
  readonly who = "redis";
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `Redis is not reachable at ${redactUrl(url)} (${cause instanceof Error ? cause.message : String(cause)}).\n` +
        `Aduan keeps its queues and tickets in Redis. Start one, then run the command again:\n` +
        `  - Debian/Ubuntu: sudo apt-get install -y redis-server && sudo service redis-server start\n` +
        `  - macOS: brew install redis && brew services start redis\n` +
        `  - Docker: docker run -d --name aduan-redis -p 6379:6379 redis:7 redis-server --appendonly yes\n` +
        `or point REDIS_URL in .env at your Redis.`,
    );
    this.name = "RedisUnreachableError";
  }
}

/** Never print a Redis password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/**
 * Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis and must survive reconnects);
 * producers fail fast instead of queueing commands while Redis is down, so an HTTP handler or a
 * CLI reports the outage rather than hanging.
 */
export function createRedis(url: string, role: "worker" | "producer", extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    ...(role === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 2, enableOfflineQueue: false }),
    ...extra,
  });
}

/** Connects once with a short timeout so start-up can say exactly what is wrong. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnreachableError(url, err);
  } finally {
    probe.disconnect();
  }
}

/** Production Redis must persist and never evict: a lost key is a lost complaint or a reply sent twice. */
export async function redisDurabilityWarnings(redis: Redis): Promise<string[]> {
  const warnings: string[] = [];
  const policy = (await redis.config("GET", "maxmemory-policy")) as string[];
  if (policy[1] && policy[1] !== "noeviction") {
    warnings.push(
      `Redis maxmemory-policy is ${policy[1]}; set it to noeviction so queued work is never evicted.`,
    );
  }
  const aof = (await redis.config("GET", "appendonly")) as string[];
  const save = (await redis.config("GET", "save")) as string[];
  if (aof[1] !== "yes" && (save[1] ?? "") === "") {
    warnings.push(
      "Redis persistence is off (appendonly no, no save points); enable AOF so a restart loses nothing.",
    );
  }
  return warnings;
}
