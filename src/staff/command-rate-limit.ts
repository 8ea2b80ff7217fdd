import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/**
 * `ok`: go ahead. `refuse`: over the limit, say so once. `silent`: still over the limit and already
 * told: ignore, so a user spamming commands cannot make the bot spam the group.
 */
export type CommandVerdict = "ok" | "refuse" | "silent";

export interface CommandRateLimit {
  hit(userId: number, nowMs: number): Promise<CommandVerdict>;
}

/**
 * A per-user limit on commands in groups, counted in Redis per minute (fixed windows: a burst at
 * a boundary may get twice the limit, which is fine for a courtesy limit), shared by every bot
 * process. Key: `<prefix>:tg:cmdrate:<user>:<minute>`.
 */
export class RedisCommandRateLimit implements CommandRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Default 10 a minute: more than anyone types, fewer than a script sends. */
    private readonly perMinute = 10,
  ) {}

  async hit(userId: number, nowMs: number): Promise<CommandVerdict> {
    const key = redisKeys(this.prefix).commandRate(userId, Math.floor(nowMs / 60_000));
    const [[err, count]] = ((await this.redis.multi().incr(key).expire(key, 120).exec()) ?? [[null, 0]]) as [
      [Error | null, number],
    ];
    if (err) throw err;
    if (count <= this.perMinute) return "ok";
    return count === this.perMinute + 1 ? "refuse" : "silent";
  }
}
