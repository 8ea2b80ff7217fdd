import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/**
 * The key that signs dashboard login links: `ADUAN_WEB_SECRET` when set (every process of a
 * deployment must agree on it), else one generated once per prefix and kept in Redis, so the demo
 * and a single-host deployment work without configuration and every process still agrees.
 */
export async function dashboardSecret(redis: Redis, prefix: string, fromEnv?: string): Promise<string> {
  if (fromEnv && fromEnv.length > 0) return fromEnv;
  const key = redisKeys(prefix).webSecret;
  // SET NX: of two processes starting at once, both end up with the first one's key.
  await redis.set(key, randomBytes(32).toString("base64url"), "NX");
  const stored = await redis.get(key);
  if (!stored) throw new Error(`${key} vanished right after it was written`);
  return stored;
}
