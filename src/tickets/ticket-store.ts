/**
 * Tickets in Redis.
 *
 * Key layout (`<p>` is the injected prefix, e.g. `aduan:`; on Redis Cluster give it a hash tag,
 * `{aduan}:`, so every key below lands in one slot and the scripts stay legal):
 *
 * | key                                  | type   | holds                                                        |
 * |--------------------------------------|--------|--------------------------------------------------------------|
 * | `<p>ticket:seq`                      | string | INCR counter behind `ADU-000001`                             |
 * | `<p>tweet:<tweet id>`                | string | the ticket id of that tweet (SET NX: one tweet, one ticket)  |
 * | `<p>ticket:<id>`                     | hash   | `json` (the Ticket without `history`), `rev` (bumped on every write) |
 * | `<p>ticket:<id>:history`             | list   | TicketEvent JSON, RPUSH only: the append-only audit trail    |
 * | `<p>idx:received`                    | zset   | every ticket id, scored by received_at (ms)                  |
 * | `<p>idx:status:<status>`             | zset   | ticket ids in that status, scored by received_at (ms)        |
 * | `<p>idx:status:<status>:<agency>`    | zset   | the same per agency (`_` when the ticket has none)           |
 * | `<p>effect:<key>`                    | hash   | `state` (in_progress/done/released), `attempts`, `lease_until` (ms), `result` |
 * | `<p>x:reply:<tweet id>`              | string | the ticket one of our reply tweets belongs to (citizens answer it) |
 *
 * Writes are compare-and-set on `rev` in one Lua script that also appends the event and moves the
 * ticket between index sets, so a ticket, its history and its indices never disagree, and of two
 * staff pressing at once exactly one wins: the other re-reads and is refused with the current state.
 */
import { REPLY_LOOKUP_TTL_S } from "./effect-retention.js";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { TriageVerdict } from "../triage/types.js";
import {
  applyTransition,
  createTicket,
  formatTicketId,
  OPEN_STATUSES,
  TransitionRefusedError,
  type TicketAction,
  type TransitionResult,
} from "./lifecycle.js";
import type { Ticket, TicketEvent, TicketStatus, TweetRef } from "./ticket.js";

/** Preconditions a staff action carries from the card it was pressed on. */
export interface TransitionExpectation {
  /**
   * The agency whose card was pressed. If the ticket has since moved to another agency the action
   * is refused with code `moved`, even when its status would allow it.
   */
  agency?: string | null;
}

/**
 * `claimed`: go ahead; `reclaimed`: go ahead, but an earlier claim ran out without completing
 * (that attempt may have half-happened: check the outside world first); `done`: it happened;
 * `in_progress`: someone else holds it.
 */
export type EffectClaim = "claimed" | "reclaimed" | "done" | "in_progress";

export interface EffectRecord {
  /** `released`: given back by its claimer, or its lease ran out; the next claim takes it. */
  state: "in_progress" | "done" | "released";
  /**
   * How many times it was claimed, less the claims given back (`releaseEffect`). More than one
   * means an earlier attempt may have half-happened.
   */
  attempts: number;
  result?: string;
}

export interface ListOptions {
  agency?: string;
  /** At most this many, oldest first. Default 100. */
  limit?: number;
}

export interface TicketStore {
  /**
   * The ticket of this tweet, created in status `new` if there is none yet. The same tweet twice
   * (two sources, a retried job) gives the same ticket and `created: false`.
   */
  createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
  ): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | null>;
  getByTweetId(tweetId: string): Promise<Ticket | null>;
  /**
   * Applies a lifecycle action atomically. Throws `TransitionRefusedError` (code `not_found`,
   * `status`, `moved`, `same_agency` or `bad_argument`) carrying the current ticket.
   */
  transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult>;
  setTelegramMessage(id: string, chatId: number, messageId: number): Promise<Ticket>;
  /** Notes that `reporterTicketId` was merged into this ticket (idempotent). */
  addReporter(id: string, reporterTicketId: string): Promise<Ticket>;
  /** Notes that `reporterTicketId` no longer belongs to this ticket's incident (un-merged; idempotent). */
  removeReporter(id: string, reporterTicketId: string): Promise<Ticket>;
  /**
   * Records a reply tweet of `kind` and appends a `replied` event (to = kind, note = tweet id).
   * Also remembers which ticket the reply tweet belongs to, so a citizen's answer to it is found.
   */
  recordReply(id: string, kind: string, tweetId: string, at: string): Promise<Ticket>;
  /** The ticket one of our reply tweets belongs to (see `recordReply`), or null. */
  getByReplyTweetId(tweetId: string): Promise<Ticket | null>;
  /** Appends an event that changes nothing else about the ticket (a citizen's `feedback`). */
  appendEvent(id: string, event: TicketEvent): Promise<Ticket>;
  /** Tickets in `new`, `dispatched` or `claimed` (or `statuses`), oldest first. */
  listOpen(options?: ListOptions & { statuses?: readonly TicketStatus[] }): Promise<Ticket[]>;
  listByStatus(status: TicketStatus, options?: ListOptions): Promise<Ticket[]>;
  countByStatus(status: TicketStatus, agency?: string): Promise<number>;
  /** How many tickets each status holds per agency (`_`: none yet), from the indices in one round trip. */
  countByStatusAndAgency(agencies: readonly string[]): Promise<StatusCount[]>;
  /** Tickets received in [from, to) (ISO instants), oldest first. */
  listReceivedBetween(from: string, to: string, options?: { limit?: number }): Promise<Ticket[]>;
  /**
   * Claims a side effect that must happen once (a reply tweet, a card). `claimed`: go ahead, then
   * `completeEffect`; `done`: it already happened; `in_progress`: someone else holds it. A claim
   * not completed within `leaseMs` (the worker died) can be claimed again, as `reclaimed`: check
   * the outside world before repeating the effect.
   */
  claimEffect(key: string, leaseMs: number): Promise<EffectClaim>;
  /** `expireAfterSeconds`: forget the record after that long (see `effect-retention.ts`); kept by default. */
  completeEffect(key: string, result: string, expireAfterSeconds?: number): Promise<void>;
  /** Gives a claim back without doing the effect (it failed for sure), so a retry may claim it. */
  releaseEffect(key: string): Promise<void>;
  getEffect(key: string): Promise<EffectRecord | null>;
}

/** Thrown by non-lifecycle updates (`setTelegramMessage`, `recordReply`) of a ticket that does not exist. */
export class TicketNotFoundError extends Error {
  override readonly name = "TicketNotFoundError";
  readonly code = "TICKET_NOT_FOUND";
  constructor(readonly ticketId: string) {
    super(`${ticketId}: no such ticket`);
  }
}

export const DEFAULT_LIMIT = 100;

/** Every status a ticket can have (a status added to `TicketStatus` and missing here fails the build). */
export const ALL_STATUSES = Object.keys({
  new: true,
  dispatched: true,
  claimed: true,
  resolved: true,
  rejected: true,
  merged: true,
  redirected: true,
  not_complaint: true,
} satisfies Record<TicketStatus, true>) as TicketStatus[];

export interface StatusCount {
  status: TicketStatus;
  /** Agency id, or `_` for tickets without one. */
  agency: string;
  count: number;
}
const MAX_CAS_ATTEMPTS = 100;

const CREATE_SCRIPT = `
-- KEYS: tweet, ticket, history, idx:received, idx:status:new, idx:status:new:<agency>
-- ARGV: id, json, first event json, score
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then
  return redis.call('GET', KEYS[1])
end
redis.call('HSET', KEYS[2], 'json', ARGV[2], 'rev', 1)
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])
return ARGV[1]
`;

const UPDATE_SCRIPT = `
-- KEYS: ticket, history, old status idx, old status+agency idx, new status idx, new status+agency idx
-- ARGV: expected rev, json, event json or '', id, score
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'rev', tonumber(ARGV[1]) + 1)
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
if KEYS[3] ~= KEYS[5] then
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[4])
end
if KEYS[4] ~= KEYS[6] then
  redis.call('ZREM', KEYS[4], ARGV[4])
  redis.call('ZADD', KEYS[6], ARGV[5], ARGV[4])
end
return 1
`;

// Redis TIME, not the caller's clock: leases must mean the same on every machine.
const CLAIM_EFFECT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'done' then return 'done' end
if state == 'in_progress' and tonumber(redis.call('HGET', KEYS[1], 'lease_until')) > now then
  return 'in_progress'
end
redis.call('HSET', KEYS[1], 'state', 'in_progress', 'lease_until', now + tonumber(ARGV[1]))
if redis.call('HINCRBY', KEYS[1], 'attempts', 1) > 1 then return 'reclaimed' end
return 'claimed'
`;

const COMPLETE_EFFECT_SCRIPT = `
redis.call('HSET', KEYS[1], 'state', 'done', 'result', ARGV[1])
redis.call('HDEL', KEYS[1], 'lease_until')
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

// A claim given back did not happen, so it stops counting as an attempt: \`attempts > 1\` then
// still means only what callers take it to mean, an earlier claim that may have half-happened.
const RELEASE_EFFECT_SCRIPT = `
if redis.call('HGET', KEYS[1], 'state') == 'in_progress' then
  redis.call('HSET', KEYS[1], 'state', 'released', 'lease_until', 0)
  redis.call('HINCRBY', KEYS[1], 'attempts', -1)
end
return 1
`;

const EFFECT_STATE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('HMGET', KEYS[1], 'state', 'attempts', 'lease_until', 'result')
if v[1] == 'in_progress' and tonumber(v[3]) <= now then v[1] = 'released' end
return v
`;

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
      return await redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  create: new Script(CREATE_SCRIPT),
  update: new Script(UPDATE_SCRIPT),
  claimEffect: new Script(CLAIM_EFFECT_SCRIPT),
  completeEffect: new Script(COMPLETE_EFFECT_SCRIPT),
  releaseEffect: new Script(RELEASE_EFFECT_SCRIPT),
  effectState: new Script(EFFECT_STATE_SCRIPT),
};

/** The ticket without its history, id first (the create script relies on nothing else). */
function serialise(ticket: Ticket): string {
  const { history: _history, ...rest } = ticket;
  return JSON.stringify(rest);
}

export class RedisTicketStore implements TicketStore {
  /**
   * @param redis a connection of its own or shared; no `keyPrefix` option (BullMQ forbids it on
   *   shared connections): the prefix is given here instead.
   * @param prefix namespace of every key, e.g. `aduan:` (`{aduan}:` on Redis Cluster).
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private k = {
    seq: () => `${this.prefix}ticket:seq`,
    tweet: (tweetId: string) => `${this.prefix}tweet:${tweetId}`,
    ticket: (id: string) => `${this.prefix}ticket:${id}`,
    history: (id: string) => `${this.prefix}ticket:${id}:history`,
    received: () => `${this.prefix}idx:received`,
    status: (s: TicketStatus) => `${this.prefix}idx:status:${s}`,
    statusAgency: (s: TicketStatus, agency: string | null) =>
      `${this.prefix}idx:status:${s}:${agency ?? "_"}`,
    effect: (key: string) => `${this.prefix}effect:${key}`,
    reply: (tweetId: string) => `${this.prefix}x:reply:${tweetId}`,
  };

  async createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const known = await this.getByTweetId(tweet.id);
    if (known) return { ticket: known, created: false };
    // The counter moves before the tweet is claimed, so two workers racing on one tweet leave a
    // gap in the numbering; that is the price of keeping every key declared to the script.
    const n = await this.redis.incr(this.k.seq());
    const ticket = createTicket(formatTicketId(n), tweet, verdict, at);
    const first = ticket.history[0];
    const winner = (await scripts.create.run(
      this.redis,
      [
        this.k.tweet(tweet.id),
        this.k.ticket(ticket.id),
        this.k.history(ticket.id),
        this.k.received(),
        this.k.status("new"),
        this.k.statusAgency("new", ticket.agency),
      ],
      [ticket.id, serialise(ticket), JSON.stringify(first), Date.parse(at)],
    )) as string;
    if (winner === ticket.id) return { ticket, created: true };
    const existing = await this.get(winner);
    if (!existing) throw new Error(`tweet ${tweet.id} maps to ${winner}, which does not exist`);
    return { ticket: existing, created: false };
  }

  async get(id: string): Promise<Ticket | null> {
    return (await this.read(id))?.ticket ?? null;
  }

  async getByTweetId(tweetId: string): Promise<Ticket | null> {
    const id = await this.redis.get(this.k.tweet(tweetId));
    return id ? this.get(id) : null;
  }

  private async read(id: string): Promise<{ ticket: Ticket; rev: string } | null> {
    const res = await this.redis
      .multi()
      .hmget(this.k.ticket(id), "json", "rev")
      .lrange(this.k.history(id), 0, -1)
      .exec();
    if (!res) throw new Error(`reading ${id}: transaction aborted`);
    const [[e1, fields], [e2, history]] = res as [
      [Error | null, [string | null, string | null]],
      [Error | null, string[]],
    ];
    if (e1 || e2) throw e1 ?? e2;
    const [json, rev] = fields;
    if (json === null || rev === null) return null;
    const ticket = {
      ...(JSON.parse(json) as Omit<Ticket, "history">),
      history: history.map((h) => JSON.parse(h) as TicketEvent),
    };
    return { ticket, rev };
  }

  /** Read, compute, compare-and-set on `rev`; on a lost race read again and recompute. */
  private async update<R extends { ticket: Ticket; event?: TicketEvent }>(
    id: string,
    action: TicketAction["type"] | "update",
    compute: (current: Ticket) => R,
  ): Promise<R> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.read(id);
      if (!current) {
        if (action === "update") throw new TicketNotFoundError(id);
        throw new TransitionRefusedError("not_found", action, null, null, `${id}: no such ticket`);
      }
      const result = compute(current.ticket);
      const before = current.ticket;
      const after = result.ticket;
      const ok = await scripts.update.run(
        this.redis,
        [
          this.k.ticket(id),
          this.k.history(id),
          this.k.status(before.status),
          this.k.statusAgency(before.status, before.agency),
          this.k.status(after.status),
          this.k.statusAgency(after.status, after.agency),
        ],
        [
          current.rev,
          serialise(after),
          result.event ? JSON.stringify(result.event) : "",
          id,
          Date.parse(after.received_at),
        ],
      );
      if (ok === 1) return result;
    }
    throw new Error(`${id}: gave up after ${MAX_CAS_ATTEMPTS} concurrent updates`);
  }

  transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    return this.update(id, action.type, (current) => checkedTransition(current, action, at, actor, expect));
  }

  async setTelegramMessage(id: string, chatId: number, messageId: number): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({
      ticket: { ...t, telegram: { chat_id: chatId, message_id: messageId } },
    }));
    return r.ticket;
  }

  async addReporter(id: string, reporterTicketId: string): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({ ticket: withReporter(t, reporterTicketId) }));
    return r.ticket;
  }

  async removeReporter(id: string, reporterTicketId: string): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({ ticket: withoutReporter(t, reporterTicketId) }));
    return r.ticket;
  }

  async recordReply(id: string, kind: string, tweetId: string, at: string): Promise<Ticket> {
    // The lookup first: if the process dies in between, the retry finds the reply already done
    // and would never write it again.
    await this.redis.set(this.k.reply(tweetId), id, "EX", REPLY_LOOKUP_TTL_S);
    const r = await this.update(id, "update", (t) => withReply(t, kind, tweetId, at));
    return r.ticket;
  }

  async getByReplyTweetId(tweetId: string): Promise<Ticket | null> {
    const id = await this.redis.get(this.k.reply(tweetId));
    return id ? this.get(id) : null;
  }

  async appendEvent(id: string, event: TicketEvent): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({
      ticket: { ...t, history: [...t.history, event] },
      event,
    }));
    return r.ticket;
  }

  async listOpen(options: ListOptions & { statuses?: readonly TicketStatus[] } = {}): Promise<Ticket[]> {
    const statuses = options.statuses ?? OPEN_STATUSES;
    const limit = options.limit ?? DEFAULT_LIMIT;
    const keys = statuses.map((s) =>
      options.agency === undefined ? this.k.status(s) : this.k.statusAgency(s, options.agency),
    );
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zrange(key, 0, limit - 1, "WITHSCORES");
    const res = (await pipeline.exec()) ?? [];
    const scored: { id: string; score: number }[] = [];
    for (const [err, flat] of res) {
      if (err) throw err;
      const list = flat as string[];
      for (let i = 0; i + 1 < list.length; i += 2) scored.push({ id: list[i]!, score: Number(list[i + 1]) });
    }
    scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
    return this.getMany(scored.slice(0, limit).map((s) => s.id));
  }

  async listByStatus(status: TicketStatus, options: ListOptions = {}): Promise<Ticket[]> {
    const key =
      options.agency === undefined ? this.k.status(status) : this.k.statusAgency(status, options.agency);
    const ids = await this.redis.zrange(key, 0, (options.limit ?? DEFAULT_LIMIT) - 1);
    return this.getMany(ids);
  }

  async countByStatusAndAgency(agencies: readonly string[]): Promise<StatusCount[]> {
    const pairs = ALL_STATUSES.flatMap((status) => agencies.map((agency) => ({ status, agency })));
    const pipeline = this.redis.pipeline();
    for (const p of pairs) pipeline.zcard(this.k.statusAgency(p.status, p.agency === "_" ? null : p.agency));
    const results = (await pipeline.exec()) ?? [];
    return pairs.map((p, i) => {
      const [err, n] = results[i] ?? [null, 0];
      if (err) throw err;
      return { ...p, count: Number(n) };
    });
  }

  countByStatus(status: TicketStatus, agency?: string): Promise<number> {
    return this.redis.zcard(
      agency === undefined ? this.k.status(status) : this.k.statusAgency(status, agency),
    );
  }

  async listReceivedBetween(from: string, to: string, options: { limit?: number } = {}): Promise<Ticket[]> {
    const ids = await this.redis.zrangebyscore(
      this.k.received(),
      Date.parse(from),
      `(${Date.parse(to)}`,
      "LIMIT",
      0,
      options.limit ?? 10_000,
    );
    return this.getMany(ids);
  }

  private async getMany(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.k.ticket(id), "json").lrange(this.k.history(id), 0, -1);
    const res = (await pipeline.exec()) ?? [];
    const tickets: Ticket[] = [];
    for (let i = 0; i < ids.length; i++) {
      const [e1, json] = res[2 * i] ?? [null, null];
      const [e2, history] = res[2 * i + 1] ?? [null, []];
      if (e1 || e2) throw e1 ?? e2;
      if (typeof json !== "string") continue;
      tickets.push({
        ...(JSON.parse(json) as Omit<Ticket, "history">),
        history: (history as string[]).map((h) => JSON.parse(h) as TicketEvent),
      });
    }
    return tickets;
  }

  async claimEffect(key: string, leaseMs: number): Promise<EffectClaim> {
    return (await scripts.claimEffect.run(
      this.redis,
      [this.k.effect(key)],
      [Math.max(1, Math.round(leaseMs))],
    )) as EffectClaim;
  }

  async completeEffect(key: string, result: string, expireAfterSeconds = 0): Promise<void> {
    await scripts.completeEffect.run(
      this.redis,
      [this.k.effect(key)],
      [result, Math.ceil(expireAfterSeconds)],
    );
  }

  async releaseEffect(key: string): Promise<void> {
    await scripts.releaseEffect.run(this.redis, [this.k.effect(key)], []);
  }

  async getEffect(key: string): Promise<EffectRecord | null> {
    const [state, attempts, , result] = (await scripts.effectState.run(
      this.redis,
      [this.k.effect(key)],
      [],
    )) as (string | null)[];
    if (state !== "in_progress" && state !== "done" && state !== "released") return null;
    return { state, attempts: Number(attempts ?? 0), ...(result ? { result } : {}) };
  }
}

/** `applyTransition` plus the card's precondition: a button from a card the ticket has left is refused. */
export function checkedTransition(
  current: Ticket,
  action: TicketAction,
  at: string,
  actor: string,
  expect?: TransitionExpectation,
): TransitionResult {
  if (expect?.agency !== undefined && expect.agency !== current.agency) {
    throw new TransitionRefusedError(
      "moved",
      action.type,
      current.status,
      current,
      `${current.id}: now with ${current.agency ?? "no agency"}, not ${expect.agency ?? "no agency"}`,
    );
  }
  return applyTransition(current, action, at, actor);
}

/** The ticket with `reporterTicketId` among those that reported the same incident. */
export function withReporter(ticket: Ticket, reporterTicketId: string): Ticket {
  const known = ticket.also_reported_by ?? [];
  return known.includes(reporterTicketId)
    ? ticket
    : { ...ticket, also_reported_by: [...known, reporterTicketId] };
}

/** The ticket without `reporterTicketId` among its incident's reporters. */
export function withoutReporter(ticket: Ticket, reporterTicketId: string): Ticket {
  const known = ticket.also_reported_by ?? [];
  if (!known.includes(reporterTicketId)) return ticket;
  const rest = known.filter((r) => r !== reporterTicketId);
  const next: Ticket = { ...ticket, also_reported_by: rest };
  if (rest.length === 0) delete next.also_reported_by;
  return next;
}

export function withReply(
  ticket: Ticket,
  kind: string,
  tweetId: string,
  at: string,
): { ticket: Ticket; event: TicketEvent } {
  const event: TicketEvent = { at, type: "replied", actor: "system", to: kind, note: tweetId };
  return {
    ticket: {
      ...ticket,
      replies: { ...ticket.replies, [kind]: tweetId },
      history: [...ticket.history, event],
    },
    event,
  };
}
