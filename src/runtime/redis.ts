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

export interface WaitForRedisOptions {
  log: {
    error(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    info(obj: object, msg: string): void;
  };
  /** One attempt; throws `RedisUnreachableError` when Redis does not answer. Default `assertRedisReachable`. */
  probe?: (url: string) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  /** First pause, doubled after each failure up to `maxDelayMs`. Defaults 1 s and 30 s. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Start-up of a service process: waits for Redis instead of exiting. A process manager may start
 * Aduan before Redis (after a reboot, or while Redis restarts); exiting would make it restart
 * Aduan in a tight loop, and systemd gives up on a unit that fails five times in ten seconds. The
 * first failure logs what is wrong and how to get Redis; each retry logs one line.
 */
export async function waitForRedis(url: string, o: WaitForRedisOptions): Promise<void> {
  const probe = o.probe ?? ((u: string) => assertRedisReachable(u));
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const max = o.maxDelayMs ?? 30_000;
  let delay = o.minDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await probe(url);
      if (attempt > 1) o.log.info({ attempts: attempt }, "Redis is reachable now; starting");
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt === 1) {
        o.log.error({ retryInMs: delay }, `${message}\nWaiting for Redis: retrying until it answers.`);
      } else {
        o.log.warn({ attempts: attempt, retryInMs: delay }, "Redis still not reachable; retrying");
      }
    }
    await sleep(delay);
    delay = Math.min(delay * 2, max);
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
