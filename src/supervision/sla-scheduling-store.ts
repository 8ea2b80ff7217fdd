import type { Redis } from "ioredis";
import type { TicketAction, TransitionResult } from "../tickets/lifecycle.js";
import type { Ticket, TweetRef } from "../tickets/ticket.js";
import { RedisTicketStore, type TransitionExpectation } from "../tickets/ticket-store.js";
import type { TriageVerdict } from "../triage/types.js";

/** Told about every ticket whose SLA clocks may have changed; must not throw (see below). */
export type TicketChangeListener = (ticket: Ticket) => Promise<void>;

/**
 * The Redis ticket store that tells a listener about every new ticket and every successful
 * transition, whoever made it: the pipeline dispatching a tweet, a staff button, a command, a
 * citizen's reopen. Hooking the one door every change goes through keeps the SLA jobs in step
 * without each use case having to remember them.
 *
 * The listener runs after the write is committed. If it fails, the change stands (the caller must
 * not see an error for an action that happened and could not be retried); the daily breach
 * summary re-plans every open ticket, so a missed plan is repaired within a day and its breach is
 * listed there meanwhile.
 */
export class SlaSchedulingTicketStore extends RedisTicketStore {
  constructor(
    redis: Redis,
    prefix: string,
    private readonly listener: TicketChangeListener,
    private readonly onListenerError: (ticketId: string, err: unknown) => void,
  ) {
    super(redis, prefix);
  }

  override async createFromTweet(
    tweet: TweetRef,
    verdict: TriageVerdict,
    at: string,
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const result = await super.createFromTweet(tweet, verdict, at);
    if (result.created) await this.notify(result.ticket);
    return result;
  }

  override async transition(
    id: string,
    action: TicketAction,
    at: string,
    actor: string,
    expect?: TransitionExpectation,
  ): Promise<TransitionResult> {
    const result = await super.transition(id, action, at, actor, expect);
    await this.notify(result.ticket);
    return result;
  }

  private async notify(ticket: Ticket): Promise<void> {
    try {
      await this.listener(ticket);
    } catch (err) {
      this.onListenerError(ticket.id, err);
    }
  }
}
