import { Queue, type ConnectionOptions, type DefaultJobOptions, type WorkerOptions } from "bullmq";
import type { SlaJobKind } from "../src/core/sla/sla-clock.js";
import type { FlattenedTweet } from "../src/core/tweet.js";
import type { ReplyKind } from "../src/core/ticket.js";
import type { ReplyJob, StaffEffects, TelegramJob } from "../src/ports/effects.js";

/** One queue per stage; each has its processor in `jobs/`. */
export const QUEUE = {
  ingest: "ingest",
  triage: "triage",
  telegram: "telegram",
  replies: "replies",
  sla: "sla",
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export interface IngestJob {
  sourceId: string;
}

export interface TriageJob {
  tweet: FlattenedTweet;
  sourceId: string;
}

export type SlaQueueJob =
  /** A delayed reminder or breach check of one SLA clock; the job id is `slaJobId(...)`. */
  | {
      kind: "check";
      ticketId: string;
      check: SlaJobKind;
      clock: number;
      /** The instant it was planned for (ISO): a re-plan for another instant moves the job. */
      at: string;
    }
  /** The daily list of open breaches for the supervisors (Job Scheduler). */
  | { kind: "breach-summary" }
  /** The daily digest with its chart (Job Scheduler). */
  | { kind: "digest" };

/** BullMQ refuses `:` and plain integers in job ids; ours are `tweet-<id>`, `<ticket>-<what>`. */
export const jobId = {
  tweet: (tweetId: string) => `tweet-${tweetId}`,
  card: (ticketId: string, dispatch: number) => `${ticketId}-card-${dispatch}`,
  reply: (ticketId: string, kind: ReplyKind, round: number) => `${ticketId}-reply-${kind}-${round}`,
};

/**
 * Completed jobs are kept for a day so a duplicate add within that time is ignored by id (the
 * ticket store's own idempotency keys cover the rest); failed ones for a week for inspection.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface Queues {
  ingest: Queue<IngestJob>;
  triage: Queue<TriageJob>;
  telegram: Queue<TelegramJob>;
  replies: Queue<ReplyJob>;
  sla: Queue<SlaQueueJob>;
  close(): Promise<void>;
}

/** BullMQ's own keys live under `<prefix>:q` so one Redis can host several deployments. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:q`;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix: bullPrefix(prefix), defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const ingest = new Queue<IngestJob>(QUEUE.ingest, opts);
  const triage = new Queue<TriageJob>(QUEUE.triage, opts);
  const telegram = new Queue<TelegramJob>(QUEUE.telegram, opts);
  const replies = new Queue<ReplyJob>(QUEUE.replies, opts);
  const sla = new Queue<SlaQueueJob>(QUEUE.sla, opts);
  return {
    ingest,
    triage,
    telegram,
    replies,
    sla,
    async close() {
      await Promise.all([ingest.close(), triage.close(), telegram.close(), replies.close(), sla.close()]);
    },
  };
}

/** The staff's and the pipeline's outgoing effects as jobs, with the idempotent job ids above. */
export function queueEffects(queues: Pick<Queues, "telegram" | "replies">): StaffEffects {
  return {
    async telegram(job) {
      await queues.telegram.add(
        job.kind,
        job,
        job.kind === "card" ? { jobId: jobId.card(job.ticketId, job.dispatch) } : {},
      );
    },
    async reply(job) {
      await queues.replies.add(job.kind, job, { jobId: jobId.reply(job.ticketId, job.kind, job.round) });
    },
  };
}

/** Options of every worker of one deployment. */
export function workerOptions(
  connection: ConnectionOptions,
  prefix: string,
  concurrency: number,
): WorkerOptions {
  return {
    connection,
    prefix: bullPrefix(prefix),
    concurrency,
    autorun: true,
    // A job that was active in a worker that died is retried; BullMQ's default gives up after one
    // such stall, and a triage job given up is a complaint lost (the X cursor has moved on). Five
    // crashes in a row still stop a job that kills every worker it touches.
    maxStalledCount: 5,
  };
}
