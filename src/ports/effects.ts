import type { ReplyKind } from "../core/ticket.js";

export type TelegramJob =
  /** Post the ticket's card into the group that owns it now (the n-th dispatch of this ticket). */
  | { kind: "card"; ticketId: string; dispatch: number }
  /** Edit the ticket's existing card to its current state. */
  | { kind: "sync"; ticketId: string }
  /** Edit the card a ticket left behind in another group (after a reassignment). */
  | { kind: "farewell"; ticketId: string; chatId: number; messageId: number; toAgency: string }
  /** A plain message (prompt, notice, reminder). */
  | { kind: "text"; chatId: number; html: string; replyToMessageId?: number; forceReply?: boolean };

export interface ReplyJob {
  ticketId: string;
  kind: ReplyKind;
  /** Distinguishes a second resolution after a reopen. */
  round: number;
}

/**
 * The side effects a staff action causes beyond its ticket transition: outgoing Telegram jobs
 * (the refreshed card, the card a reassigned ticket left behind, the new card round, a
 * confirmation) and reply tweets to the citizen. Kept behind this interface so the staff use
 * cases never see BullMQ: production enqueues with idempotent job ids, tests deliver directly.
 *
 * Both methods must be safe to call twice for the same job (a retried update): the job's own
 * identity (`<ticket>-card-<round>`, `<ticket>-reply-<kind>-<round>`) is the idempotency key.
 */
export interface StaffEffects {
  telegram(job: TelegramJob): Promise<void>;
  reply(job: ReplyJob): Promise<void>;
}
