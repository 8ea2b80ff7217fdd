import { Queue, type ConnectionOptions } from "bullmq";
import type { CitizenNotice, StaffEffects } from "../src/ports/effects.js";
import { ingestQueue } from "./ingest.js";
import { bullPrefix, DEFAULT_JOB_OPTIONS } from "./queue-kit.js";
import { redriveReplyJobId, replyJobId, repliesQueue } from "./replies.js";
import type { ReplyKind } from "../src/core/ticket.js";
import { slaQueue } from "./sla.js";
import {
  cardJobId,
  citizenNoticeJobId,
  redriveCardJobId,
  telegramJobPriority,
  telegramQueue,
} from "./telegram.js";
import { triageQueue, tweetJobId } from "./triage.js";

export type { IngestJob } from "./ingest.js";
export type { TriageJob } from "./triage.js";
export type { SlaQueueJob } from "./sla.js";
export { bullPrefix, DEFAULT_JOB_OPTIONS, workerOptions } from "./queue-kit.js";

/** The five queues, each defined once in its own file beside its processor. */
export const QUEUES = {
  ingest: ingestQueue,
  triage: triageQueue,
  telegram: telegramQueue,
  replies: repliesQueue,
  sla: slaQueue,
} as const;

/** One queue per stage, by name. */
export const QUEUE = {
  ingest: ingestQueue.name,
  triage: triageQueue.name,
  telegram: telegramQueue.name,
  replies: repliesQueue.name,
  sla: slaQueue.name,
} as const;

/** BullMQ refuses `:` and plain integers in job ids; ours are `tweet-<id>`, `<ticket>-<what>`. */
export const jobId = { tweet: tweetJobId, card: cardJobId, reply: replyJobId };

type Payload<K extends keyof typeof QUEUES> = (typeof QUEUES)[K]["payload"]["_output"];

export interface Queues {
  ingest: Queue<Payload<"ingest">>;
  triage: Queue<Payload<"triage">>;
  telegram: Queue<Payload<"telegram">>;
  replies: Queue<Payload<"replies">>;
  sla: Queue<Payload<"sla">>;
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix: bullPrefix(prefix), defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const ingest = new Queue<Payload<"ingest">>(QUEUE.ingest, opts);
  const triage = new Queue<Payload<"triage">>(QUEUE.triage, opts);
  const telegram = new Queue<Payload<"telegram">>(QUEUE.telegram, opts);
  const replies = new Queue<Payload<"replies">>(QUEUE.replies, opts);
  const sla = new Queue<Payload<"sla">>(QUEUE.sla, opts);
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

/** The staff's and the pipeline's outgoing effects as jobs, with their queues' job ids. */
export function queueEffects(queues: Pick<Queues, "telegram" | "replies">): StaffEffects {
  return {
    async telegram(job) {
      await queues.telegram.add(job.kind, job, {
        ...idOf(telegramQueue.jobId(job)),
        ...telegramJobPriority(job),
        ...(job.kind === "citizen_flush" && job.delayMs ? { delay: job.delayMs } : {}),
      });
    },
    async reply(job) {
      await queues.replies.add(job.kind, job, idOf(repliesQueue.jobId(job)));
    },
  };
}

const idOf = (id: string | undefined) => (id ? { jobId: id } : {});

let redriveSeq = 0;

/**
 * Re-drive jobs (reconciler, `/macet`, `npm run redrive`): a card or reply job again under a fresh
 * job id, since BullMQ ignores an add whose id it still holds. The effect's idempotency key in the
 * ticket store decides whether anything is sent.
 */
export function redriveEffects(queues: Pick<Queues, "telegram" | "replies">, now: () => number) {
  return {
    async card(ticketId: string, dispatch: number): Promise<void> {
      const jobId = redriveCardJobId(ticketId, dispatch, now(), ++redriveSeq);
      await queues.telegram.add("card", { kind: "card", ticketId, dispatch, redrive: true }, { jobId });
    },
    async reply(ticketId: string, kind: ReplyKind, round: number): Promise<void> {
      const jobId = redriveReplyJobId(ticketId, kind, round, now(), ++redriveSeq);
      await queues.replies.add(kind, { ticketId, kind, round }, { jobId });
    },
    async citizen(ticketId: string, notice: CitizenNotice, round: number): Promise<void> {
      // The notice's effect key still decides whether it goes: a fresh job id never sends it twice.
      const jobId = `${citizenNoticeJobId(ticketId, notice, round)}-redrive-${now()}-${++redriveSeq}`;
      await queues.telegram.add("citizen", { kind: "citizen", ticketId, notice, round }, { jobId });
    },
  };
}
