import { z } from "zod";
import type { ReplyKind } from "../core/ticket.js";
import { TICKET_ID } from "../core/ticket-id.js";
import { CITIZEN_NOTICES } from "../core/citizen-notice.js";

export { CITIZEN_NOTICES, type CitizenNotice } from "../core/citizen-notice.js";

/** Every outgoing Telegram call, as a job of the `telegram` queue. */
export const telegramJobSchema = z.discriminatedUnion("kind", [
  /** Post the ticket's card into the group that owns it now (the n-th dispatch of this ticket). */
  z.object({
    kind: z.literal("card"),
    ticketId: z.string(),
    dispatch: z.number(),
    /**
     * Sent by the reconciler or an operator under a fresh job id: a card standing in the triage
     * group then tries its own group again. The effect's idempotency key still decides.
     */
    redrive: z.boolean().optional(),
  }),
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
    /**
     * `interactive` for an answer to someone waiting for it (a command, a prompt's answer): it goes
     * ahead of cards in the queue and in the rate gate; `courtesy` for a stranger's one answer,
     * after everything else. Default `bulk`.
     */
    priority: z.enum(["interactive", "bulk", "courtesy"]).optional(),
    /** Inline buttons (`/macet`'s "Coba lagi" and "Abaikan"), callback data signed for `chatId`. */
    keyboard: z.array(z.array(z.object({ text: z.string(), data: z.string() }))).optional(),
    /**
     * `citizen`: a message to a citizen, sent by the citizen-facing bot when one is configured
     * (their chat is with that bot); the staff bot otherwise. Default `staff`.
     */
    bot: z.enum(["staff", "citizen"]).optional(),
    /** A citizen's reply keyboard ("Kirim laporan", "Kirim lokasi"), or `remove`. */
    replyKeyboard: z
      .union([
        z.literal("remove"),
        z.array(z.array(z.object({ text: z.string(), request: z.enum(["location", "contact"]).optional() }))),
      ])
      .optional(),
  }),
  /** A status message to the citizen behind a Telegram ticket, once per ticket, notice and round. */
  z.object({
    kind: z.literal("citizen"),
    ticketId: z.string(),
    notice: z.enum(CITIZEN_NOTICES),
    round: z.number(),
  }),
  /**
   * A citizen's report still being collected when its window ends is sent as it is (a delayed
   * job); nothing happens if they pressed "Kirim laporan" already.
   */
  z.object({
    kind: z.literal("citizen_flush"),
    userId: z.number(),
    reportId: z.string(),
    delayMs: z.number().optional(),
  }),
]);
export type TelegramJob = z.infer<typeof telegramJobSchema>;

/** A reply tweet to the citizen, as a job of the `replies` queue. */
export const replyJobSchema = z.object({
  ticketId: z.string().regex(TICKET_ID),
  kind: z.enum(["received", "resolved", "redirect", "duplicate", "thanks"] satisfies ReplyKind[]),
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
