import type { Job, Worker } from "bullmq";
import { RetryLaterError } from "../src/errors.js";
import { replyJobSchema, type ReplyJob } from "../src/ports/effects.js";
import { PublishError } from "../src/ports/tweet-publisher.js";
import type { ReplyKind } from "../src/core/ticket.js";
import type { ReplyOutcome } from "../src/replies/send-reply.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { finalFate, settle } from "./settle.js";

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
  /** Replies that fail for good are parked; a reply that got through (or is not needed) clears it. */
  parking?: ReplyParking;
}) {
  return async (job: Job<ReplyJob>, token?: string): Promise<ReplyOutcome> => {
    let reply: ReplyJob | undefined;
    try {
      const data = payloadOf(repliesQueue, job.data, "reply job without a valid ticket id and kind");
      reply = data;
      try {
        const outcome = await deps.send(data);
        await deps.parking?.gotThrough(data);
        return outcome;
      } catch (err) {
        if (err instanceof PublishError && err.kind === "rate_limited") {
          const untilReset = (err.resetAtMs ?? deps.now() + deps.maxPauseMs) - deps.now();
          const wait = Math.min(Math.max(untilReset, 1000), deps.maxPauseMs);
          throw new RetryLaterError("x", err.code, err.message, wait, "queue");
        }
        throw err;
      }
    } catch (err) {
      const fate = finalFate(err, job);
      if (reply && fate) await deps.parking?.failed(reply, err, fate === "exhausted");
      return settle(err, job, { token, now: deps.now(), worker: deps.worker() });
    }
  };
}

export interface ReplyParking {
  failed(job: ReplyJob, err: unknown, exhausted: boolean): Promise<void>;
  gotThrough(job: ReplyJob): Promise<void>;
}

/** A re-drive's reply job: a fresh id each time, since a completed job's id would be ignored. */
export function redriveReplyJobId(
  ticketId: string,
  kind: ReplyKind,
  round: number,
  at: number,
  seq: number,
): string {
  return `${replyJobId(ticketId, kind, round)}-redrive-${at}-${seq}`;
}
