import type { Redis } from "ioredis";
import type { AcceptedRule } from "../learning/candidate-rule.js";
import { acceptedRuleSchema, type LearnedRuleStore } from "../learning/learned-rules.js";
import type { Suggestion } from "../learning/suggest-rules.js";
import { redisKeys } from "./keys.js";

/** How long a suggestion offered in the supervisors' group can still be accepted by its button. */
const OFFER_TTL_S = 30 * 24 * 60 * 60;

/**
 * The overlay of accepted rules in Redis: a hash id → JSON (the order is each rule's `seq`), a
 * version counter bumped in the same transaction, and a pub/sub message on every change so each
 * process reloads now; a process that missed the message sees the version differ (see
 * `app/rules-reload.ts`).
 */
export class RedisLearnedRules implements LearnedRuleStore {
  private readonly keys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  async accepted(): Promise<AcceptedRule[]> {
    const all = await this.redis.hgetall(this.keys.learnedRules);
    // A malformed entry is thrown, not skipped: the reload keeps the model it has and says why.
    return Object.values(all)
      .map((json) => JSON.parse(json) as { seq: number; rule: unknown })
      .sort((a, b) => a.seq - b.seq)
      .map((e) => acceptedRuleSchema.parse(e.rule));
  }

  async accept(rule: AcceptedRule): Promise<{ added: boolean; version: number }> {
    const seq = Date.now();
    const r = await this.redis
      .multi()
      .hsetnx(this.keys.learnedRules, rule.id, JSON.stringify({ seq, rule }))
      .get(this.keys.rulesVersion)
      .exec();
    const added = r?.[0]?.[1] === 1;
    if (!added) return { added, version: Number(r?.[1]?.[1] ?? 0) };
    const version = await this.redis.incr(this.keys.rulesVersion);
    await this.redis.publish(this.keys.rulesChanged, String(version));
    return { added, version };
  }

  async version(): Promise<number> {
    return Number((await this.redis.get(this.keys.rulesVersion)) ?? 0);
  }

  async dismiss(id: string, by: string, at: string): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.dismissedRules, id, JSON.stringify({ by, at }))) === 1;
  }

  async dismissed(): Promise<Set<string>> {
    return new Set(await this.redis.hkeys(this.keys.dismissedRules));
  }

  async offer(s: Suggestion): Promise<void> {
    await this.redis.set(this.keys.offeredRule(s.id), JSON.stringify(s), "EX", OFFER_TTL_S);
  }

  async offered(id: string): Promise<Suggestion | undefined> {
    const json = await this.redis.get(this.keys.offeredRule(id));
    return json ? (JSON.parse(json) as Suggestion) : undefined;
  }
}
