import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";
import { jakartaMonth } from "../core/jakarta-time.js";

/** X bills each post read and each post created: the month's counts live in Redis, per Jakarta month. */
export class XUsageCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(atMs: number): string {
    return redisKeys(this.prefix).usage(jakartaMonth(atMs));
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
