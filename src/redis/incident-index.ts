import type { Redis } from "ioredis";
import { redisKeys } from "./keys.js";
import type { IncidentIndex } from "../ports/incident-index.js";

const KEEP_MS = 7 * 24 * 3_600_000;

/** `<prefix>:incident:<agency>:<place>` sorted sets scored by received time. */
export class RedisIncidentIndex implements IncidentIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(agency: string, place: string): string {
    return redisKeys(this.prefix).incident(agency, place);
  }

  async candidates(agency: string, place: string, sinceMs: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.key(agency, place), sinceMs, "+inf", "LIMIT", 0, 50);
  }

  async add(agency: string, place: string, ticketId: string, atMs: number): Promise<void> {
    const key = this.key(agency, place);
    await this.redis
      .multi()
      .zadd(key, atMs, ticketId)
      .zremrangebyscore(key, "-inf", atMs - KEEP_MS)
      .pexpire(key, KEEP_MS)
      .exec();
  }
}
