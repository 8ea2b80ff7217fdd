/**
 * Telegram's flood limits, enforced across every process that shares the Redis: at most
 * `perChatPerMinute` messages into one group in any 60 s window and `globalPerSecond` overall.
 * A 429's `retry_after` sets a cool-down that holds every sender back.
 */
export interface RateGateLimits {
  perChatPerMinute: number;
  globalPerSecond: number;
}

export const TELEGRAM_LIMITS: RateGateLimits = { perChatPerMinute: 20, globalPerSecond: 30 };

/** Asks before every Telegram send; shared by every process that sends for the same bot. */
export interface RateGate {
  /** 0 when a message to `chatId` may be sent now (the slot is taken), else ms to wait before asking again. */
  acquire(chatId: number, nowMs: number): Promise<number>;
  /** Telegram said 429 with `retry_after`: nobody sends to that chat (or at all) until then. */
  coolDown(chatId: number | "all", untilMs: number, nowMs: number): Promise<void>;
}

/** The in-process twin of the Redis gate (one process only): the same sliding-window rules. */
export class MemoryRateGate implements RateGate {
  private readonly logs = new Map<string, number[]>();
  private readonly cool = new Map<string, number>();
  constructor(private readonly limits: RateGateLimits | null = TELEGRAM_LIMITS) {}

  async acquire(chatId: number, nowMs: number): Promise<number> {
    if (!this.limits) return 0;
    const coolUntil = Math.max(this.cool.get(String(chatId)) ?? 0, this.cool.get("all") ?? 0);
    if (coolUntil > nowMs) return coolUntil - nowMs;
    const chat = (this.logs.get(String(chatId)) ?? []).filter((t) => t > nowMs - 60_000);
    const all = (this.logs.get("all") ?? []).filter((t) => t > nowMs - 1000);
    this.logs.set(String(chatId), chat);
    this.logs.set("all", all);
    if (chat.length >= this.limits.perChatPerMinute) return Math.max(1, (chat[0] ?? nowMs) + 60_000 - nowMs);
    if (all.length >= this.limits.globalPerSecond) return Math.max(1, (all[0] ?? nowMs) + 1000 - nowMs);
    chat.push(nowMs);
    all.push(nowMs);
    return 0;
  }

  async coolDown(chatId: number | "all", untilMs: number): Promise<void> {
    this.cool.set(String(chatId), untilMs);
  }
}
