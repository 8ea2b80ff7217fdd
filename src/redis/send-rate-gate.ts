import type { Redis } from "ioredis";
import { redisKeys, type RedisKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";
import {
  limitsFor,
  TELEGRAM_LIMITS,
  type RateGate,
  type RateGateLimits,
  type SendPriority,
} from "../ports/rate-gate.js";

/**
 * The rate gate in Redis, shared by every process: sliding logs in sorted sets (not fixed
 * windows) so a burst at a minute boundary cannot double the rate. The priorities share the
 * same logs; each passes its own (lower or full) limits to the script.
 */
export class SendRateGate implements RateGate {
  private seq = 0;
  private readonly redis: ScriptedRedis;
  private readonly k: RedisKeys;
  constructor(
    redis: Redis,
    namespace: string,
    /** `null` turns the windows off (benchmarks); a 429's cool-down is honoured all the same. */
    private readonly limits: RateGateLimits | null = TELEGRAM_LIMITS,
  ) {
    this.redis = withScripts(redis);
    this.k = redisKeys(namespace);
  }

  /** 0 when a message to `chatId` may be sent now (the slot is taken), else ms to wait before asking again. */
  async acquire(chatId: number, nowMs: number, priority: SendPriority = "bulk"): Promise<number> {
    if (!this.limits) {
      return Math.max(await this.coolingFor(chatId, nowMs), await this.coolingFor("all", nowMs));
    }
    const limits = limitsFor(this.limits, priority);
    const member = `${nowMs}-${process.pid}-${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const wait = await this.redis.aduanRateGate(
      this.k.sendLog(chatId),
      this.k.sendLog("all"),
      this.k.coolDown(chatId),
      this.k.coolDown("all"),
      nowMs,
      limits.perChatPerMinute,
      limits.globalPerSecond,
      member,
    );
    return Number(wait);
  }

  /** Telegram said 429 with `retry_after`: nobody sends to that chat (or at all) until then. */
  async coolDown(chatId: number | "all", untilMs: number, nowMs: number): Promise<void> {
    const key = this.k.coolDown(chatId);
    await this.redis.set(key, String(untilMs), "PX", Math.max(1, untilMs - nowMs) + 1000);
  }

  async coolingFor(chatId: number | "all", nowMs: number): Promise<number> {
    const until = Number((await this.redis.get(this.k.coolDown(chatId))) ?? 0);
    return Math.max(0, until - nowMs);
  }
}
