import type { Redis } from "ioredis";

/** X bills each post read and each post created: the month's counts live in Redis, per Jakarta month. */
export class XUsageCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(atMs: number): string {
    return `${this.prefix}:x:usage:${jakartaMonth(atMs)}`;
  }

  async countReads(n: number, atMs: number): Promise<void> {
    if (n > 0) await this.redis.hincrby(this.key(atMs), "reads", n);
  }

  async countPost(atMs: number): Promise<void> {
    await this.redis.hincrby(this.key(atMs), "posts", 1);
  }

  async month(atMs: number): Promise<{ month: string; reads: number; posts: number }> {
    const h = await this.redis.hgetall(this.key(atMs));
    return { month: jakartaMonth(atMs), reads: Number(h["reads"] ?? 0), posts: Number(h["posts"] ?? 0) };
  }
}

/** `2026-11` for an instant, in Asia/Jakarta (UTC+7, no daylight saving). */
export function jakartaMonth(atMs: number): string {
  return new Date(atMs + 7 * 3600_000).toISOString().slice(0, 7);
}

export function estimatedCostUsd(
  u: { reads: number; posts: number },
  price: { read_usd: number; post_usd: number },
): number {
  return Math.round((u.reads * price.read_usd + u.posts * price.post_usd) * 100) / 100;
}
