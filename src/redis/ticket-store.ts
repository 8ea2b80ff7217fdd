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
import type { Redis } from "ioredis";
import { redisKeys, REPLY_LOOKUP_TTL_S, type RedisKeys } from "./keys.js";
import { withScripts, type ScriptedRedis } from "./scripts.js";
import type { TriageVerdict } from "../triage/types.js";
import {
  createTicket,
  OPEN_STATUSES,
  TransitionRefusedError,
  type TicketAction,
  type TicketOrigin,
  type TransitionResult,
} from "../core/lifecycle.js";
import { formatTicketId } from "../core/ticket-id.js";
import type { Ticket, TicketEvent, TicketStatus, TweetRef } from "../core/ticket.js";
import {
  ALL_STATUSES,
  checkedTransition,
  DEFAULT_LIMIT,
  TicketNotFoundError,
  withCard,
  withCitizenErased,
  withReply,
  withReporter,
  withoutReporter,
  type EffectClaim,
  type EffectRecord,
  type ListOptions,
  type StatusCount,
  type TicketStore,
  type TransitionExpectation,
} from "../ports/ticket-store.js";

const MAX_CAS_ATTEMPTS = 100;

/** The ticket without its history, id first (the create script relies on nothing else). */
function serialise(ticket: Ticket): string {
  const { history: _history, ...rest } = ticket;
  return JSON.stringify(rest);
}

export class RedisTicketStore implements TicketStore {
  private readonly redis: ScriptedRedis;
  private readonly k: RedisKeys;

  /**
   * @param redis a connection of its own or shared; no `keyPrefix` option (BullMQ forbids it on
   *   shared connections): the namespace is given here instead.
   * @param namespace of every key, e.g. `aduan` (`{aduan}` on Redis Cluster); see `keys.ts`.
   */
  constructor(redis: Redis, namespace: string) {
    this.redis = withScripts(redis);
    this.k = redisKeys(namespace);
  }

  async createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
    origin?: TicketOrigin,
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const known = await this.getByTweetId(tweet.id);
    if (known) return { ticket: known, created: false };
    // The counter moves before the tweet is claimed, so two workers racing on one tweet leave a
    // gap in the numbering; that is the price of keeping every key declared to the script.
    const n = await this.redis.incr(this.k.ticketSeq);
    const ticket = createTicket(formatTicketId(n), tweet, verdict, at, origin);
    const first = ticket.history[0];
    const winner = (await this.redis.aduanCreateTicket(
      this.k.tweet(tweet.id),
      this.k.ticket(ticket.id),
      this.k.history(ticket.id),
      this.k.received,
      this.k.status("new"),
      this.k.statusAgency("new", ticket.agency),
      ticket.id,
      serialise(ticket),
      JSON.stringify(first),
      Date.parse(at),
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
      const ok = await this.redis.aduanUpdateTicket(
        this.k.ticket(id),
        this.k.history(id),
        this.k.status(before.status),
        this.k.statusAgency(before.status, before.agency),
        this.k.status(after.status),
        this.k.statusAgency(after.status, after.agency),
        current.rev,
        serialise(after),
        result.event ? JSON.stringify(result.event) : "",
        id,
        Date.parse(after.received_at),
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

  async setTelegramMessage(
    id: string,
    chatId: number,
    messageId: number,
    standsInFor?: string,
  ): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({
      ticket: withCard(t, chatId, messageId, standsInFor),
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
    await this.redis.set(this.k.replyTweet(tweetId), id, "EX", REPLY_LOOKUP_TTL_S);
    const r = await this.update(id, "update", (t) => withReply(t, kind, tweetId, at));
    return r.ticket;
  }

  async getByReplyTweetId(tweetId: string): Promise<Ticket | null> {
    const id = await this.redis.get(this.k.replyTweet(tweetId));
    return id ? this.get(id) : null;
  }

  async eraseCitizen(id: string, at: string): Promise<Ticket> {
    const r = await this.update(id, "update", (t) => ({ ticket: withCitizenErased(t, at) }));
    return r.ticket;
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
      this.k.received,
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
    return (await this.redis.aduanClaimEffect(
      this.k.effect(key),
      Math.max(1, Math.round(leaseMs)),
    )) as EffectClaim;
  }

  async completeEffect(key: string, result: string, expireAfterSeconds = 0): Promise<void> {
    await this.redis.aduanCompleteEffect(this.k.effect(key), result, Math.ceil(expireAfterSeconds));
  }

  async releaseEffect(key: string): Promise<void> {
    await this.redis.aduanReleaseEffect(this.k.effect(key));
  }

  async getEffect(key: string): Promise<EffectRecord | null> {
    const [state, attempts, , result] = (await this.redis.aduanEffectState(this.k.effect(key))) as (
      string | null
    )[];
    if (state !== "in_progress" && state !== "done" && state !== "released") return null;
    return { state, attempts: Number(attempts ?? 0), ...(result ? { result } : {}) };
  }
}
