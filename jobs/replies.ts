import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { ReplyJob } from "../src/ports/effects.js";
import { ReplyBusyError, type ReplyOutcome } from "../src/replies/send-reply.js";
import { PublishError } from "../src/ports/tweet-publisher.js";

const KINDS = new Set(["received", "resolved", "redirect", "duplicate"]);

/**
 * Citizen replies. X's posting limit is per account, so a 429 pauses the whole queue until the
 * window resets (`worker.rateLimit`) instead of burning attempts job by job.
 */
export function repliesProcessor(deps: {
  send(job: ReplyJob): Promise<ReplyOutcome>;
  worker(): Worker | undefined;
  now(): number;
  /** Pause at most this long before probing X again. */
  maxPauseMs: number;
}) {
  return async (job: Job<ReplyJob>, token?: string): Promise<ReplyOutcome> => {
    if (!job.data || !KINDS.has(job.data.kind) || !/^[A-Z]+-\d+$/.test(String(job.data.ticketId))) {
      throw new UnrecoverableError("reply job without a valid ticket id and kind");
    }
    try {
      return await deps.send(job.data);
    } catch (err) {
      if (err instanceof PublishError && err.kind === "rate_limited") {
        const worker = deps.worker();
        const untilReset = (err.resetAtMs ?? deps.now() + deps.maxPauseMs) - deps.now();
        const wait = Math.min(Math.max(untilReset, 1000), deps.maxPauseMs);
        if (worker) {
          await worker.rateLimit(wait);
          throw Worker.RateLimitError();
        }
        await job.moveToDelayed(deps.now() + wait, token);
        throw new DelayedError();
      }
      if (err instanceof ReplyBusyError) {
        await job.moveToDelayed(deps.now() + 5_000, token);
        throw new DelayedError();
      }
      throw err;
    }
  };
}
