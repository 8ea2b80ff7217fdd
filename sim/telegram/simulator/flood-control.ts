export interface FloodLimits {
  /** Messages a bot may send into one group or supergroup per minute. Telegram: about 20. */
  perGroupPerMinute: number;
  /** Messages a bot may send in total per second. Telegram: about 30. */
  overallPerSecond: number;
}

export const TELEGRAM_FLOOD_LIMITS: FloodLimits = { perGroupPerMinute: 20, overallPerSecond: 30 };

/**
 * Sliding-window counters for the sends Telegram throttles. A refused send does not count, so a client that waits
 * `retry_after` seconds gets through, as with the real API.
 */
export class FloodControl {
  private readonly perChat = new Map<number, number[]>();
  private overall: number[] = [];

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number,
  ) {}

  /** Seconds to wait before this send would be accepted, or 0 (and the send is counted). */
  trySend(chatId: number, isGroup: boolean): number {
    const at = this.now();
    this.overall = this.overall.filter((t) => t > at - 1000);
    const chatTimes = (this.perChat.get(chatId) ?? []).filter((t) => t > at - 60_000);
    this.perChat.set(chatId, chatTimes);
    if (this.overall.length >= this.limits.overallPerSecond) {
      return secondsUntil((this.overall[0] as number) + 1000, at);
    }
    if (isGroup && chatTimes.length >= this.limits.perGroupPerMinute) {
      return secondsUntil((chatTimes[0] as number) + 60_000, at);
    }
    this.overall.push(at);
    chatTimes.push(at);
    return 0;
  }

  reset(): void {
    this.perChat.clear();
    this.overall = [];
  }
}

function secondsUntil(freeAt: number, at: number): number {
  return Math.max(1, Math.ceil((freeAt - at) / 1000));
}
