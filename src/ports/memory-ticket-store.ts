import type { TriageVerdict } from "../triage/types.js";
import {
  createTicket,
  OPEN_STATUSES,
  TransitionRefusedError,
  type TicketOrigin,
  type TicketAction,
  type TransitionResult,
} from "../core/lifecycle.js";
import { formatTicketId } from "../core/ticket-id.js";
import type { Ticket, TicketEvent, TicketStatus, TweetRef } from "../core/ticket.js";
import {
  checkedTransition,
  ALL_STATUSES,
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
} from "./ticket-store.js";

interface MemoryEffect {
  state: "in_progress" | "done" | "released";
  attempts: number;
  leaseUntil: number;
  result?: string;
}

/**
 * The in-process twin of `RedisTicketStore`, for tests of code that uses a store and for a
 * single-process demo. Same semantics (one ticket per tweet, refusals, leases), no persistence.
 * Returned tickets are copies: mutating one does not change the store.
 */
export class MemoryTicketStore implements TicketStore {
  private seq = 0;
  private readonly tickets = new Map<string, Ticket>();
  private readonly byTweet = new Map<string, string>();
  private readonly byReply = new Map<string, string>();
  private readonly effects = new Map<string, MemoryEffect>();

  /** @param now clock for effect leases, in ms; injected so tests can expire a lease without sleeping. */
  constructor(private readonly now: () => number = () => Date.now()) {}

  async createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
    origin?: TicketOrigin,
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const known = this.byTweet.get(tweet.id);
    if (known) return { ticket: this.copy(this.tickets.get(known)!), created: false };
    const ticket = createTicket(formatTicketId(++this.seq), tweet, verdict, at, origin);
    this.tickets.set(ticket.id, ticket);
    this.byTweet.set(tweet.id, ticket.id);
    return { ticket: this.copy(ticket), created: true };
  }

  async get(id: string): Promise<Ticket | null> {
    const t = this.tickets.get(id);
    return t ? this.copy(t) : null;
  }

  async getByTweetId(tweetId: string): Promise<Ticket | null> {
    const id = this.byTweet.get(tweetId);
    return id ? this.get(id) : null;
  }

  async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const current = this.tickets.get(id);
    if (!current)
      throw new TransitionRefusedError("not_found", action.type, null, null, `${id}: no such ticket`);
    const result = checkedTransition(this.copy(current), action, at, actor, expect);
    this.tickets.set(id, result.ticket);
    return { ticket: this.copy(result.ticket), event: { ...result.event } };
  }

  async setTelegramMessage(
    id: string,
    chatId: number,
    messageId: number,
    standsInFor?: string,
  ): Promise<Ticket> {
    const next = withCard(this.mustGet(id), chatId, messageId, standsInFor);
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async addReporter(id: string, reporterTicketId: string): Promise<Ticket> {
    const next = withReporter(this.mustGet(id), reporterTicketId);
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async removeReporter(id: string, reporterTicketId: string): Promise<Ticket> {
    const next = withoutReporter(this.mustGet(id), reporterTicketId);
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async recordReply(id: string, kind: string, tweetId: string, at: string): Promise<Ticket> {
    const next = withReply(this.mustGet(id), kind, tweetId, at).ticket;
    this.byReply.set(tweetId, id);
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async getByReplyTweetId(tweetId: string): Promise<Ticket | null> {
    const id = this.byReply.get(tweetId);
    return id ? this.get(id) : null;
  }

  async eraseCitizen(id: string, at: string): Promise<Ticket> {
    const next = withCitizenErased(this.mustGet(id), at);
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async appendEvent(id: string, event: TicketEvent): Promise<Ticket> {
    const current = this.mustGet(id);
    const next = { ...current, history: [...current.history, event] };
    this.tickets.set(id, next);
    return this.copy(next);
  }

  async listOpen(options: ListOptions & { statuses?: readonly TicketStatus[] } = {}): Promise<Ticket[]> {
    const statuses = options.statuses ?? OPEN_STATUSES;
    return this.select((t) => statuses.includes(t.status) && matchesAgency(t, options.agency), options.limit);
  }

  async listByStatus(status: TicketStatus, options: ListOptions = {}): Promise<Ticket[]> {
    return this.select((t) => t.status === status && matchesAgency(t, options.agency), options.limit);
  }

  async countByStatusAndAgency(agencies: readonly string[]): Promise<StatusCount[]> {
    return ALL_STATUSES.flatMap((status) =>
      agencies.map((agency) => ({
        status,
        agency,
        count: [...this.tickets.values()].filter((t) => t.status === status && (t.agency ?? "_") === agency)
          .length,
      })),
    );
  }

  async countByStatus(status: TicketStatus, agency?: string): Promise<number> {
    return [...this.tickets.values()].filter((t) => t.status === status && matchesAgency(t, agency)).length;
  }

  async listReceivedBetween(from: string, to: string, options: { limit?: number } = {}): Promise<Ticket[]> {
    const [lo, hi] = [Date.parse(from), Date.parse(to)];
    return this.select(
      (t) => Date.parse(t.received_at) >= lo && Date.parse(t.received_at) < hi,
      options.limit ?? 10_000,
    );
  }

  async claimEffect(key: string, leaseMs: number): Promise<EffectClaim> {
    const now = this.now();
    const e = this.effects.get(key);
    if (e?.state === "done") return "done";
    if (e?.state === "in_progress" && e.leaseUntil > now) return "in_progress";
    const attempts = (e?.attempts ?? 0) + 1;
    this.effects.set(key, { ...e, state: "in_progress", attempts, leaseUntil: now + Math.max(1, leaseMs) });
    return attempts > 1 ? "reclaimed" : "claimed";
  }

  async completeEffect(key: string, result: string): Promise<void> {
    const e = this.effects.get(key);
    this.effects.set(key, { state: "done", attempts: e?.attempts ?? 0, leaseUntil: 0, result });
  }

  async releaseEffect(key: string): Promise<void> {
    const e = this.effects.get(key);
    // A claim given back did not happen: it stops counting as an attempt (as in the Redis store).
    if (e?.state === "in_progress")
      this.effects.set(key, { ...e, state: "released", leaseUntil: 0, attempts: e.attempts - 1 });
  }

  async getEffect(key: string): Promise<EffectRecord | null> {
    const e = this.effects.get(key);
    if (!e) return null;
    const state = e.state === "in_progress" && e.leaseUntil <= this.now() ? "released" : e.state;
    return { state, attempts: e.attempts, ...(e.result === undefined ? {} : { result: e.result }) };
  }

  private mustGet(id: string): Ticket {
    const t = this.tickets.get(id);
    if (!t) throw new TicketNotFoundError(id);
    return t;
  }

  private select(keep: (t: Ticket) => boolean, limit = DEFAULT_LIMIT): Ticket[] {
    return [...this.tickets.values()]
      .filter(keep)
      .sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((t) => this.copy(t));
  }

  private copy(t: Ticket): Ticket {
    return structuredClone(t);
  }
}

function matchesAgency(t: Ticket, agency: string | undefined): boolean {
  return agency === undefined || t.agency === agency;
}
