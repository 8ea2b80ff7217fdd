import type { Redis } from "ioredis";
import { newestFirst, type EffectKind, type ParkedEffect } from "../core/parking.js";
import { mergePark, parkField, type ParkedEffects, type ParkInput } from "../ports/parked-effects.js";
import { redisKeys } from "./keys.js";

/**
 * Parked effects in one hash, `<prefix>:parked`: field `<ticket id>|<effect>`, value the record's
 * JSON. Kept without a TTL: a parked effect stays visible until it gets through or is dismissed.
 * The first failure of a ticket and effect is decided by HSETNX, so of two workers parking the
 * same effect at once exactly one tells the supervisors.
 */
export class RedisParkedEffects implements ParkedEffects {
  private readonly key: string;
  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.key = redisKeys(namespace).parked;
  }

  async park(input: ParkInput): Promise<{ first: boolean; record: ParkedEffect }> {
    const field = parkField(input.ticketId, input.effect);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.get(input.ticketId, input.effect);
      const record = mergePark(existing, input);
      if (existing) {
        await this.redis.hset(this.key, field, JSON.stringify(record));
        return { first: false, record };
      }
      if ((await this.redis.hsetnx(this.key, field, JSON.stringify(record))) === 1) {
        return { first: true, record };
      }
    }
    throw new Error(`parking ${field}: the record kept changing`);
  }

  async clear(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null> {
    const field = parkField(ticketId, effect);
    const res = await this.redis.multi().hget(this.key, field).hdel(this.key, field).exec();
    const [[err, json], [err2, removed]] = (res ?? [
      [null, null],
      [null, 0],
    ]) as [[Error | null, string | null], [Error | null, number]];
    if (err || err2) throw err ?? err2;
    return removed === 1 && json ? parse(json) : null;
  }

  async get(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null> {
    const json = await this.redis.hget(this.key, parkField(ticketId, effect));
    return json ? parse(json) : null;
  }

  async list(): Promise<ParkedEffect[]> {
    const all = await this.redis.hvals(this.key);
    return newestFirst(all.map(parse));
  }

  count(): Promise<number> {
    return this.redis.hlen(this.key);
  }
}

function parse(json: string): ParkedEffect {
  return JSON.parse(json) as ParkedEffect;
}
