import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { DeliverLaterError, type DeliverOutcome } from "../src/dispatch/deliver-card.js";
import type { TelegramJob } from "../src/ports/effects.js";
import { ChatApiError } from "../src/ports/chat-gateway.js";

const KINDS = new Set(["card", "sync", "farewell", "text"]);

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
    if (!job.data || !KINDS.has(job.data.kind)) throw new UnrecoverableError("unknown telegram job kind");
    try {
      return await deps.deliver(job.data);
    } catch (err) {
      if (err instanceof DeliverLaterError) {
        await job.moveToDelayed(deps.now() + Math.max(err.delayMs, 50), token);
        throw new DelayedError();
      }
      if (err instanceof ChatApiError && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}
