import type { Job } from "bullmq";
import type { DeliverOutcome } from "../src/dispatch/deliver-card.js";
import { telegramJobSchema, type TelegramJob } from "../src/ports/effects.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { settle } from "./settle.js";

export const cardJobId = (ticketId: string, dispatch: number) => `${ticketId}-card-${dispatch}`;

/** Every outgoing Telegram call; a card's job id makes each dispatch round one card. */
export const telegramQueue = defineQueue({
  name: "telegram",
  payload: telegramJobSchema,
  jobId: (job) => (job.kind === "card" ? cardJobId(job.ticketId, job.dispatch) : undefined),
  concurrency: 4,
});

/**
 * Every outgoing Telegram call goes through this queue. Waiting for the rate gate or a
 * `retry_after` moves the job to delayed without spending an attempt; a 4xx other than 429 is
 * final (the same request would fail again); anything else retries with backoff.
 */
export function telegramProcessor(deps: {
  deliver(job: TelegramJob): Promise<DeliverOutcome>;
  now(): number;
}) {
  return async (job: Job<TelegramJob>, token?: string): Promise<DeliverOutcome> => {
    try {
      return await deps.deliver(payloadOf(telegramQueue, job.data, "unknown telegram job kind"));
    } catch (err) {
      return settle(err, job, { token, now: deps.now() });
    }
  };
}
