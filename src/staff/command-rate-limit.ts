import type { Redis } from "ioredis";
import { USER_LIMIT_DEFAULTS } from "../config/app-schema.js";
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
 * A per-user limit, counted in Redis per minute (fixed windows: a burst at a boundary may get
 * twice the limit, which is fine for a courtesy limit), shared by every bot process. Two scopes:
 * commands in groups (`<prefix>:tg:cmdrate:<user>:<minute>`) and every message in private chats
 * (`<prefix>:tg:pmrate:<user>:<minute>`).
 */
export class RedisCommandRateLimit implements CommandRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Default `telegram.commands_per_minute`'s (10). */
    private readonly perMinute: number = USER_LIMIT_DEFAULTS.commands_per_minute,
    private readonly scope: "group" | "private" = "group",
  ) {}

  async hit(userId: number, nowMs: number): Promise<CommandVerdict> {
    const keys = redisKeys(this.prefix);
    const minute = Math.floor(nowMs / 60_000);
    const key =
      this.scope === "private" ? keys.privateRate(userId, minute) : keys.commandRate(userId, minute);
    const [[err, count]] = ((await this.redis.multi().incr(key).expire(key, 120).exec()) ?? [[null, 0]]) as [
      [Error | null, number],
    ];
    if (err) throw err;
    if (count <= this.perMinute) return "ok";
    return count === this.perMinute + 1 ? "refuse" : "silent";
  }
}

/** Remembers which strangers had their one answer in the current window. */
export interface StrangerNotice {
  /**
   * True for the first message of `userId` in a window (answer it and log it), false until the
   * window ends. Cheap: one Redis call, so a stranger's flood costs nothing more.
   */
  firstInWindow(userId: number): Promise<boolean>;
  /** Known already to be answered in this window (no membership lookups needed). */
  answered(userId: number): Promise<boolean>;
  /** They joined a configured group: no longer a stranger, from now on. */
  forget(userId: number): Promise<void>;
}

/** `SET NX` with the window as TTL, shared by every bot process: `<prefix>:tg:stranger:<user>`. */
export class RedisStrangerNotice implements StrangerNotice {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Default `telegram.stranger_answer_minutes`'s (60). */
    private readonly windowMinutes: number = USER_LIMIT_DEFAULTS.stranger_answer_minutes,
  ) {}

  async firstInWindow(userId: number): Promise<boolean> {
    const key = redisKeys(this.prefix).strangerNotice(userId);
    return (await this.redis.set(key, "1", "EX", this.windowMinutes * 60, "NX")) === "OK";
  }

  async answered(userId: number): Promise<boolean> {
    return (await this.redis.exists(redisKeys(this.prefix).strangerNotice(userId))) === 1;
  }

  async forget(userId: number): Promise<void> {
    await this.redis.del(redisKeys(this.prefix).strangerNotice(userId));
  }
}
