import { redisKeys } from "../../src/redis/keys.js";
import { acquireInstanceLock, type InstanceLock } from "../../src/runtime/instance-lock.js";
import { createRedis } from "../../src/runtime/redis.js";

/**
 * The demo's namespace (`<ADUAN_PREFIX>-demo`), owned by one demo at a time. The demo starts
 * from an empty namespace so every run shows the same story, but only after it holds the
 * namespace's lock: a second `npm start` on the same Redis and prefix refuses instead of wiping
 * the running demo's keys (which made it re-read its tweets and hand out ticket ids twice).
 * Keys outside `<prefix>:` are never touched.
 */
export async function claimDemoNamespace(
  url: string,
  prefix: string,
  log: { warn(msg: string): void },
  /** How long to wait for a crashed demo's lock to lapse before refusing. Default 11 s. */
  waitMs?: number,
): Promise<{ release(): Promise<void> }> {
  const redis = createRedis(url, "worker");
  await redis.connect();
  const names = redisKeys(prefix);
  let lock: InstanceLock;
  try {
    lock = await acquireInstanceLock(redis, names.lock("demo"), {
      what: "another Aduan demo",
      ttlMs: 10_000,
      ...(waitMs !== undefined ? { waitMs } : {}),
      onLost: () => log.warn("the demo's namespace lock was taken by another process"),
    });
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", names.pattern, "COUNT", 500);
    cursor = next;
    const ours = keys.filter((k) => k !== lock.key && k.startsWith(`${prefix}:`));
    if (ours.length > 0) await redis.del(...ours);
  } while (cursor !== "0");
  return {
    async release() {
      await lock.release();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
