import type { Redis } from "ioredis";

/**
 * Recent carded tickets by agency and place, so finding the incident a new complaint repeats
 * reads a handful of candidates instead of every open ticket. Entries are hints: the reader checks
 * that each candidate is still open; old entries fall out by score and the key expires.
 */
export interface IncidentIndex {
  candidates(agency: string, place: string, sinceMs: number): Promise<string[]>;
  add(agency: string, place: string, ticketId: string, atMs: number): Promise<void>;
}

const KEEP_MS = 7 * 24 * 3_600_000;

/** `<prefix>:incident:<agency>:<place>` sorted sets scored by received time. */
export class RedisIncidentIndex implements IncidentIndex {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(agency: string, place: string): string {
    return `${this.prefix}:incident:${agency}:${place}`;
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

/** The memory twin, for tests of the use case. */
export class MemoryIncidentIndex implements IncidentIndex {
  private readonly sets = new Map<string, Map<string, number>>();
  async candidates(agency: string, place: string, sinceMs: number): Promise<string[]> {
    const set = this.sets.get(`${agency}:${place}`) ?? new Map<string, number>();
    return [...set].filter(([, at]) => at >= sinceMs).map(([id]) => id);
  }
  async add(agency: string, place: string, ticketId: string, atMs: number): Promise<void> {
    const k = `${agency}:${place}`;
    if (!this.sets.has(k)) this.sets.set(k, new Map());
    this.sets.get(k)?.set(ticketId, atMs);
  }
}
