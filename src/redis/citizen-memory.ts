import type { Redis } from "ioredis";
import type { CitizenMemory } from "../citizens/citizen-memory.js";
import type { Session } from "../citizens/conversation.js";
import { redisKeys, type RedisKeys } from "./keys.js";

/** Versioned compare-and-set of a session: two updates of one citizen at once never lose a photo. */
const SAVE_SESSION = `
local cur = redis.call('GET', KEYS[1])
local v = 0
if cur then v = tonumber(cjson.decode(cur)['v']) or 0 end
if v ~= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 1
`;

/** Seen-message marks live a day: longer than Telegram keeps re-delivering an update. */
const SEEN_TTL_S = 24 * 3600;

/** `CitizenMemory` in Redis, under `<prefix>:citizen:` (see `keys.ts`). */
export class RedisCitizenMemory implements CitizenMemory {
  private readonly k: RedisKeys;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    /** `citizens.blocked_user_ids` from app.yaml; the Redis set adds to it at run time. */
    private readonly blocked: readonly number[] = [],
    /** `citizen`: messages come to the citizen-facing bot; their seen marks are its own. */
    private readonly bot?: "citizen",
  ) {
    this.k = redisKeys(prefix);
  }

  async load(userId: number): Promise<{ session: Session | null; version: number }> {
    const raw = await this.redis.get(this.k.citizenSession(userId));
    if (!raw) return { session: null, version: 0 };
    const parsed = JSON.parse(raw) as { v: number; s: Session | null };
    return { session: parsed.s, version: parsed.v };
  }

  async save(userId: number, version: number, session: Session | null, ttlSeconds: number): Promise<boolean> {
    // An ended session is kept as an empty one with its version, so a racing writer still loses.
    const json = JSON.stringify({ v: version + 1, s: session });
    const ok = await this.redis.eval(
      SAVE_SESSION,
      1,
      this.k.citizenSession(userId),
      version,
      json,
      Math.max(1, Math.round(ttlSeconds)),
    );
    return ok === 1;
  }

  async firstSight(chatId: number, messageId: number): Promise<boolean> {
    return (
      (await this.redis.set(this.k.citizenSeen(chatId, messageId, this.bot), "1", "EX", SEEN_TTL_S, "NX")) ===
      "OK"
    );
  }

  async countMessage(userId: number, nowMs: number): Promise<number> {
    return this.incr(this.k.citizenRate(userId, Math.floor(nowMs / 60_000)), 120);
  }

  async countReport(userId: number, day: string): Promise<number> {
    return this.incr(this.k.citizenReports(userId, day), 2 * 24 * 3600);
  }

  async isBlocked(userId: number): Promise<boolean> {
    if (this.blocked.includes(userId)) return true;
    return (await this.redis.sismember(this.k.citizenBlocked, String(userId))) === 1;
  }

  async firstRefusal(userId: number): Promise<boolean> {
    return (await this.redis.set(this.k.citizenRefused(userId), "1", "EX", 24 * 3600, "NX")) === "OK";
  }

  async addTicket(userId: number, ticketId: string, receivedMs: number): Promise<void> {
    await this.redis.zadd(this.k.citizenTickets(userId), receivedMs, ticketId);
  }

  async tickets(userId: number, limit = 100): Promise<string[]> {
    return this.redis.zrevrange(this.k.citizenTickets(userId), 0, limit - 1);
  }

  async forgetTickets(userId: number): Promise<void> {
    await this.redis.del(this.k.citizenTickets(userId));
  }

  private async incr(key: string, ttl: number): Promise<number> {
    const res = (await this.redis.multi().incr(key).expire(key, ttl).exec()) ?? [];
    const [err, count] = (res[0] ?? [null, 0]) as [Error | null, number];
    if (err) throw err;
    return count;
  }
}
