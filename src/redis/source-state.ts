import type { Redis } from "ioredis";
import type { SourceStateStore } from "../ports/tweet-source.js";

/** `<prefix>:x:source:<id>` hash: `cursor` (since_id), `blocked_until` and `polled_at` (ms). */
export class RedisSourceState implements SourceStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:x:source:${id}`;
  }

  async cursor(id: string): Promise<string | undefined> {
    return (await this.redis.hget(this.key(id), "cursor")) ?? undefined;
  }

  async setCursor(id: string, tweetId: string): Promise<void> {
    // Only ever forward: two ingest processes polling at once must not move it back.
    await this.redis.eval(
      `local cur = redis.call('HGET', KEYS[1], 'cursor')
       if not cur or string.len(ARGV[1]) > string.len(cur) or (string.len(ARGV[1]) == string.len(cur) and ARGV[1] > cur) then
         redis.call('HSET', KEYS[1], 'cursor', ARGV[1])
       end
       return 1`,
      1,
      this.key(id),
      tweetId,
    );
  }

  async blockedUntil(id: string): Promise<number> {
    return Number((await this.redis.hget(this.key(id), "blocked_until")) ?? 0);
  }

  async block(id: string, untilMs: number): Promise<void> {
    await this.redis.hset(this.key(id), "blocked_until", String(untilMs));
  }

  async markPolled(id: string, atMs: number): Promise<void> {
    await this.redis.hset(this.key(id), "polled_at", String(atMs));
  }

  async lastPolled(id: string): Promise<number | undefined> {
    const v = await this.redis.hget(this.key(id), "polled_at");
    return v === null ? undefined : Number(v);
  }
}
