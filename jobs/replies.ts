import type { Job, Worker } from "bullmq";
import { RetryLaterError } from "../src/errors.js";
import { replyJobSchema, type ReplyJob } from "../src/ports/effects.js";
import { PublishError } from "../src/ports/tweet-publisher.js";
import type { ReplyKind } from "../src/core/ticket.js";
import type { ReplyOutcome } from "../src/replies/send-reply.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { settle } from "./settle.js";

export const replyJobId = (ticketId: string, kind: ReplyKind, round: number) =>
  `${ticketId}-reply-${kind}-${round}`;

/** Reply tweets to citizens, one per ticket, kind and round. */
export const repliesQueue = defineQueue({
  name: "replies",
  payload: replyJobSchema,
  jobId: (job) => replyJobId(job.ticketId, job.kind, job.round),
  concurrency: 2,
});

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
    try {
      const data = payloadOf(repliesQueue, job.data, "reply job without a valid ticket id and kind");
      try {
        return await deps.send(data);
      } catch (err) {
        if (err instanceof PublishError && err.kind === "rate_limited") {
          const untilReset = (err.resetAtMs ?? deps.now() + deps.maxPauseMs) - deps.now();
          const wait = Math.min(Math.max(untilReset, 1000), deps.maxPauseMs);
          throw new RetryLaterError("x", err.code, err.message, wait, "queue");
        }
        throw err;
      }
    } catch (err) {
      return settle(err, job, { token, now: deps.now(), worker: deps.worker() });
    }
  };
}
