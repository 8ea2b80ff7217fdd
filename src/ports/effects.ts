import { z } from "zod";
import type { ReplyKind } from "../core/ticket.js";
import { TICKET_ID } from "../core/ticket-id.js";

/** Every outgoing Telegram call, as a job of the `telegram` queue. */
export const telegramJobSchema = z.discriminatedUnion("kind", [
  /** Post the ticket's card into the group that owns it now (the n-th dispatch of this ticket). */
  z.object({ kind: z.literal("card"), ticketId: z.string(), dispatch: z.number() }),
  /** Edit the ticket's existing card to its current state. */
  z.object({ kind: z.literal("sync"), ticketId: z.string() }),
  /** Edit the card a ticket left behind in another group (after a reassignment). */
  z.object({
    kind: z.literal("farewell"),
    ticketId: z.string(),
    chatId: z.number(),
    messageId: z.number(),
    toAgency: z.string(),
  }),
  /** A plain message (prompt, notice, reminder). */
  z.object({
    kind: z.literal("text"),
    chatId: z.number(),
    html: z.string(),
    replyToMessageId: z.number().optional(),
    forceReply: z.boolean().optional(),
    /** Buttons under it (`data` is signed callback data). */
    keyboard: z.array(z.array(z.object({ text: z.string(), data: z.string() }))).optional(),
  }),
]);
export type TelegramJob = z.infer<typeof telegramJobSchema>;

/** A reply tweet to the citizen, as a job of the `replies` queue. */
export const replyJobSchema = z.object({
  ticketId: z.string().regex(TICKET_ID),
  kind: z.enum(["received", "resolved", "redirect", "duplicate"] satisfies ReplyKind[]),
  /** Distinguishes a second resolution after a reopen. */
  round: z.number(),
});
export type ReplyJob = z.infer<typeof replyJobSchema>;

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
