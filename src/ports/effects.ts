import type { ReplyJob, TelegramJob } from "../../jobs/queues.js";

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
