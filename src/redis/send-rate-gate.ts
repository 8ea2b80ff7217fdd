import type { Redis } from "ioredis";
import { TELEGRAM_LIMITS, type RateGate, type RateGateLimits } from "../ports/rate-gate.js";

// KEYS: chat log, global log, chat cool-down, global cool-down. ARGV: now ms, per-chat limit, global limit, member id.
// Returns 0 when the send may go now (and records it), else milliseconds to wait.
const GATE_SCRIPT = `
local now = tonumber(ARGV[1])
local chatLimit = tonumber(ARGV[2])
local globalLimit = tonumber(ARGV[3])
local cool = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(redis.call('GET', KEYS[4]) or '0'))
if cool > now then return cool - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[1]) >= chatLimit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 60000 - now)
end
if redis.call('ZCARD', KEYS[2]) >= globalLimit then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 1000 - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], 61000)
redis.call('PEXPIRE', KEYS[2], 2000)
return 0
`;

/**
 * The rate gate in Redis, shared by every process: sliding logs in sorted sets (not fixed
 * windows) so a burst at a minute boundary cannot double the rate.
 */
export class SendRateGate implements RateGate {
  private seq = 0;
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: RateGateLimits | null = TELEGRAM_LIMITS,
  ) {}

  /** 0 when a message to `chatId` may be sent now (the slot is taken), else ms to wait before asking again. */
  async acquire(chatId: number, nowMs: number): Promise<number> {
    if (!this.limits) return 0;
    const member = `${nowMs}-${process.pid}-${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    const wait = await this.redis.eval(
      GATE_SCRIPT,
      4,
      `${this.prefix}:tg:log:${chatId}`,
      `${this.prefix}:tg:log:all`,
      `${this.prefix}:tg:cool:${chatId}`,
      `${this.prefix}:tg:cool:all`,
      nowMs,
      this.limits.perChatPerMinute,
      this.limits.globalPerSecond,
      member,
    );
    return Number(wait);
  }

  /** Telegram said 429 with `retry_after`: nobody sends to that chat (or at all) until then. */
  async coolDown(chatId: number | "all", untilMs: number, nowMs: number): Promise<void> {
    const key = `${this.prefix}:tg:cool:${chatId}`;
    await this.redis.set(key, String(untilMs), "PX", Math.max(1, untilMs - nowMs) + 1000);
  }
}
