import type { TicketAction, TransitionResult } from "../core/lifecycle.js";
import type { Ticket } from "../core/ticket.js";
import type { TicketStore, TransitionExpectation } from "../ports/ticket-store.js";
import { TicketStoreDecorator } from "../ports/ticket-store-decorator.js";

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
export class ReplanOnChange extends TicketStoreDecorator {
  constructor(
    inner: TicketStore,
    private readonly listener: TicketChangeListener,
    private readonly onListenerError: (ticketId: string, err: unknown) => void,
  ) {
    super(inner);
  }

  override async transition(
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

  override async setTelegramMessage(
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
}
