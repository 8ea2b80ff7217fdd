import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";
import type { SourceStateStore } from "../ports/tweet-source.js";

/** `<prefix>:x:source:<id>` hash: `cursor` (since_id), `blocked_until` and `polled_at` (ms). */
export class RedisSourceState implements SourceStateStore {
  private readonly redis: ScriptedRedis;
  private readonly key: (sourceId: string) => string;
  constructor(redis: Redis, namespace: string) {
    this.redis = withScripts(redis);
    this.key = redisKeys(namespace).source;
  }

  async cursor(id: string): Promise<string | undefined> {
    return (await this.redis.hget(this.key(id), "cursor")) ?? undefined;
  }

  async setCursor(id: string, tweetId: string): Promise<void> {
    // Only ever forward: two ingest processes polling at once must not move it back.
    await this.redis.aduanAdvanceCursor(this.key(id), tweetId);
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
