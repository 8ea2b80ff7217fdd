import type { Redis } from "ioredis";
import type { Correction } from "../core/correction.js";
import type { CorrectionLog } from "../ports/correction-log.js";
import { CORRECTION_RETENTION_DAYS, redisKeys } from "./keys.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** At most this many old corrections are dropped per record (the rest go with the next ones). */
const TRIM_BATCH = 200;

/**
 * Corrections in a hash (id → JSON) with a sorted set of ids by decision time beside it. `HSETNX`
 * makes a second record of the same id a no-op, so a retried transition records once. Each record
 * also drops what has passed the retention, measured from the new correction's own instant (no
 * clock needed: the log ages with the decisions written to it).
 */
export class RedisCorrectionLog implements CorrectionLog {
  private readonly keys;
  private readonly retentionMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    retentionDays: number = CORRECTION_RETENTION_DAYS,
  ) {
    this.keys = redisKeys(prefix);
    this.retentionMs = retentionDays * DAY_MS;
  }

  async record(c: Correction): Promise<boolean> {
    const atMs = Date.parse(c.at);
    const results = await this.redis
      .multi()
      .hsetnx(this.keys.corrections, c.id, JSON.stringify(c))
      .zadd(this.keys.correctionTimes, "NX", atMs, c.id)
      .exec();
    const added = results?.[0]?.[1] === 1;
    await this.trim(atMs - this.retentionMs);
    return added;
  }

  async between(fromMs: number, toMs: number): Promise<Correction[]> {
    const ids = await this.redis.zrangebyscore(this.keys.correctionTimes, fromMs, `(${toMs}`);
    if (ids.length === 0) return [];
    const out: Correction[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const values = await this.redis.hmget(this.keys.corrections, ...ids.slice(i, i + 500));
      for (const v of values) if (v) out.push(JSON.parse(v) as Correction);
    }
    return out;
  }

  private async trim(beforeMs: number): Promise<void> {
    const old = await this.redis.zrangebyscore(
      this.keys.correctionTimes,
      "-inf",
      `(${beforeMs}`,
      "LIMIT",
      0,
      TRIM_BATCH,
    );
    if (old.length === 0) return;
    await this.redis
      .multi()
      .hdel(this.keys.corrections, ...old)
      .zrem(this.keys.correctionTimes, ...old)
      .exec();
  }
}
