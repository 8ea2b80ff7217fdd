import type { TicketAction, TransitionResult } from "../core/lifecycle.js";
import type { Ticket, TicketEvent, TicketStatus, TweetRef } from "../core/ticket.js";
import type { TriageVerdict } from "../triage/types.js";
import type {
  EffectClaim,
  EffectRecord,
  ListOptions,
  StatusCount,
  TicketStore,
  TransitionExpectation,
} from "../ports/ticket-store.js";

/** Told about every ticket whose SLA clocks may have changed; must not throw (see below). */
export type TicketChangeListener = (ticket: Ticket) => Promise<void>;

/** Ends reached only from `new`: a ticket that ends there without a card never had SLA jobs. */
const ENDS_FROM_NEW: ReadonlySet<Ticket["status"]> = new Set(["not_complaint", "redirected"]);

/**
 * A decorator over any `TicketStore` (Redis or its in-memory twin) that tells a listener about every ticket whose SLA clocks may have
 * changed, whoever changed it: the pipeline dispatching a tweet, a staff button, a command, a
 * citizen's reopen. Hooking the one door every change goes through keeps the SLA jobs in step
 * without each use case having to remember them.
 *
 * - every successful `transition`, except a card-less ticket leaving `new` for `not_complaint`
 *   or `redirected` (most tweets a search finds: nothing was planned, nothing to cancel);
 * - `setTelegramMessage` of a ticket still `new`: its card has just landed in the triage or
 *   moderation group, where it waits to be routed by hand while its clock already runs. A new
 *   ticket is not announced at creation: the pipeline routes it a moment later anyway.
 *
 * The listener runs after the write is committed. If it fails, the change stands (the caller must
 * not see an error for an action that happened and cannot be retried); the daily breach summary
 * re-plans every open ticket, so a missed plan is repaired within a day and its breach is listed
 * there meanwhile.
 */
export class ReplanOnChange implements TicketStore {
  constructor(
    private readonly inner: TicketStore,
    private readonly listener: TicketChangeListener,
    private readonly onListenerError: (ticketId: string, err: unknown) => void,
  ) {}

  async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const result = await this.inner.transition(id, action, at, actor, expect);
    const t = result.ticket;
    if (!(ENDS_FROM_NEW.has(t.status) && !t.telegram)) await this.notify(t);
    return result;
  }

  async setTelegramMessage(
    id: string,
    chatId: number,
    messageId: number,
    standsInFor?: string,
  ): Promise<Ticket> {
    const ticket = await this.inner.setTelegramMessage(id, chatId, messageId, standsInFor);
    if (ticket.status === "new") await this.notify(ticket);
    return ticket;
  }

  private async notify(ticket: Ticket): Promise<void> {
    try {
      await this.listener(ticket);
    } catch (err) {
      this.onListenerError(ticket.id, err);
    }
  }

  // Everything else passes through unchanged.
  createFromTweet(tweet: TweetRef, verdict: TriageVerdict, at: string) {
    return this.inner.createFromTweet(tweet, verdict, at);
  }
  get(id: string) {
    return this.inner.get(id);
  }
  getByTweetId(tweetId: string) {
    return this.inner.getByTweetId(tweetId);
  }
  addReporter(id: string, reporterTicketId: string) {
    return this.inner.addReporter(id, reporterTicketId);
  }
  removeReporter(id: string, reporterTicketId: string) {
    return this.inner.removeReporter(id, reporterTicketId);
  }
  recordReply(id: string, kind: string, tweetId: string, at: string) {
    return this.inner.recordReply(id, kind, tweetId, at);
  }
  getByReplyTweetId(tweetId: string) {
    return this.inner.getByReplyTweetId(tweetId);
  }
  appendEvent(id: string, event: TicketEvent) {
    return this.inner.appendEvent(id, event);
  }
  listOpen(options?: ListOptions & { statuses?: readonly TicketStatus[] }) {
    return this.inner.listOpen(options);
  }
  listByStatus(status: TicketStatus, options?: ListOptions) {
    return this.inner.listByStatus(status, options);
  }
  countByStatus(status: TicketStatus, agency?: string) {
    return this.inner.countByStatus(status, agency);
  }
  countByStatusAndAgency(agencies: readonly string[]): Promise<StatusCount[]> {
    return this.inner.countByStatusAndAgency(agencies);
  }
  listReceivedBetween(from: string, to: string, options?: { limit?: number }) {
    return this.inner.listReceivedBetween(from, to, options);
  }
  claimEffect(key: string, leaseMs: number): Promise<EffectClaim> {
    return this.inner.claimEffect(key, leaseMs);
  }
  completeEffect(key: string, result: string, expireAfterSeconds?: number) {
    return this.inner.completeEffect(key, result, expireAfterSeconds);
  }
  releaseEffect(key: string) {
    return this.inner.releaseEffect(key);
  }
  getEffect(key: string): Promise<EffectRecord | null> {
    return this.inner.getEffect(key);
  }
}
