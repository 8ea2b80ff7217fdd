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

/**
 * Who is asking, most urgent first. Every class counts in the same windows; they differ in how
 * full a window may be before they wait:
 * - `interactive`: what a person is looking at right now (a menu swap, a prompt, the answer to
 *   a command): may use the whole window;
 * - `bulk`: cards, card edits, reminders, digests: leaves {@link INTERACTIVE_SHARE} of each window
 *   free, so staff never wait behind a flood of cards;
 * - `courtesy`: the one answer a stranger gets in a private chat: at most {@link COURTESY_SHARE}
 *   of the global window, so strangers can never hold cards back.
 */
export type SendPriority = "interactive" | "bulk" | "courtesy";

/** Share of each window kept for interactive sends: bulk stops at 80 %. */
export const INTERACTIVE_SHARE = 0.2;
/** Share of the global window strangers' answers may fill. */
export const COURTESY_SHARE = 0.2;

/** The limits a send of `priority` must stay under (pure; at least 1 of each, so nothing starves). */
export function limitsFor(limits: RateGateLimits, priority: SendPriority = "bulk"): RateGateLimits {
  const share = (n: number, f: number) => Math.max(1, Math.floor(n * f));
  switch (priority) {
    case "interactive":
      return limits;
    case "bulk":
      return {
        perChatPerMinute: share(limits.perChatPerMinute, 1 - INTERACTIVE_SHARE),
        globalPerSecond: share(limits.globalPerSecond, 1 - INTERACTIVE_SHARE),
      };
    case "courtesy":
      return {
        perChatPerMinute: share(limits.perChatPerMinute, 1 - INTERACTIVE_SHARE),
        globalPerSecond: share(limits.globalPerSecond, COURTESY_SHARE),
      };
  }
}

/** Asks before every Telegram send; shared by every process that sends for the same bot. */
export interface RateGate {
  /**
   * 0 when a message to `chatId` may be sent now (the slot is taken), else ms to wait before
   * asking again. `priority` (default `bulk`) decides how full the windows may be.
   */
  acquire(chatId: number, nowMs: number, priority?: SendPriority): Promise<number>;
  /** Telegram said 429 with `retry_after`: nobody sends to that chat (or at all) until then. */
  coolDown(chatId: number | "all", untilMs: number, nowMs: number): Promise<void>;
  /**
   * Ms left of the cool-down of `chatId` (or of the global one), 0 when none; takes no slot.
   * For calls that are not counted as sends but must still hold back after a 429.
   */
  coolingFor(chatId: number | "all", nowMs: number): Promise<number>;
}

/** The in-process twin of the Redis gate (one process only): the same sliding-window rules. */
export class MemoryRateGate implements RateGate {
  private readonly logs = new Map<string, number[]>();
  private readonly cool = new Map<string, number>();
  constructor(private readonly limits: RateGateLimits | null = TELEGRAM_LIMITS) {}

  async acquire(chatId: number, nowMs: number, priority: SendPriority = "bulk"): Promise<number> {
    const coolLeft = Math.max(await this.coolingFor(chatId, nowMs), await this.coolingFor("all", nowMs));
    if (coolLeft > 0) return coolLeft;
    if (!this.limits) return 0;
    const limits = limitsFor(this.limits, priority);
    const chat = (this.logs.get(String(chatId)) ?? []).filter((t) => t > nowMs - 60_000);
    const all = (this.logs.get("all") ?? []).filter((t) => t > nowMs - 1000);
    this.logs.set(String(chatId), chat);
    this.logs.set("all", all);
    if (chat.length >= limits.perChatPerMinute) return Math.max(1, (chat[0] ?? nowMs) + 60_000 - nowMs);
    if (all.length >= limits.globalPerSecond) return Math.max(1, (all[0] ?? nowMs) + 1000 - nowMs);
    chat.push(nowMs);
    all.push(nowMs);
    return 0;
  }

  async coolDown(chatId: number | "all", untilMs: number): Promise<void> {
    this.cool.set(String(chatId), untilMs);
  }

  async coolingFor(chatId: number | "all", nowMs: number): Promise<number> {
    return Math.max(0, (this.cool.get(String(chatId)) ?? 0) - nowMs);
  }
}
