import type { Redis } from "ioredis";

/**
 * Requests per client address and fixed window, counted in Redis so every process serving the
 * public API shares one count. The first request over the limit learns how long to wait.
 */
export class ClientRateLimit {
  constructor(
    private readonly redis: Redis,
    /** `<namespace>:open311:rate` from `redisKeys(...).open311Rate`. */
    private readonly keyOf: (client: string, window: number) => string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** `ok`, or how many seconds the client must wait. */
  async take(client: string, now: number): Promise<{ ok: true } | { ok: false; retryAfterS: number }> {
    const window = Math.floor(now / this.windowMs);
    const key = this.keyOf(client, window);
    const [[incErr, count] = [null, 0], [expErr] = [null]] =
      (await this.redis
        .multi()
        .incr(key)
        .pexpire(key, this.windowMs * 2)
        .exec()) ?? [];
    if (incErr) throw incErr;
    if (expErr) throw expErr;
    if (Number(count) <= this.limit) return { ok: true };
    const endsAt = (window + 1) * this.windowMs;
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
  }
}
