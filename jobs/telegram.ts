import type { Job } from "bullmq";
import type { DeliverOutcome } from "../src/dispatch/deliver-card.js";
import { telegramJobSchema, type TelegramJob } from "../src/ports/effects.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { finalFate, settle } from "./settle.js";

export const cardJobId = (ticketId: string, dispatch: number) => `${ticketId}-card-${dispatch}`;
export const citizenNoticeJobId = (ticketId: string, notice: string, round: number) =>
  `${ticketId}-citizen-${notice}-${round}`;
export const citizenFlushJobId = (reportId: string) => `flush-${reportId}`;

/** Every outgoing Telegram call; a card's job id makes each dispatch round one card. */
export const telegramQueue = defineQueue({
  name: "telegram",
  payload: telegramJobSchema,
  jobId: (job) =>
    job.kind === "card"
      ? cardJobId(job.ticketId, job.dispatch)
      : job.kind === "citizen"
        ? citizenNoticeJobId(job.ticketId, job.notice, job.round)
        : job.kind === "citizen_flush"
          ? citizenFlushJobId(job.reportId)
          : undefined,
  concurrency: 4,
});

/**
 * The BullMQ priority of a Telegram job, so people are not kept waiting behind a flood of cards:
 * an answer someone is waiting for gets none (BullMQ's highest: its wait list is served before
 * any prioritized job), cards and edits come next, a stranger's one answer last. The rate gate
 * applies the same order to the windows (`SendPriority`).
 */
export function telegramJobPriority(job: TelegramJob): { priority?: number } {
  const p = job.kind === "text" ? (job.priority ?? "bulk") : "bulk";
  return p === "interactive" ? {} : { priority: p === "bulk" ? 2 : 3 };
}

/**
 * Every outgoing Telegram job (cards, edits, texts) goes through this queue. Waiting for the
 * rate gate or a `retry_after` moves the job to delayed without spending an attempt; a 4xx other
 * than 429 is final (the same request would fail again); anything else retries with backoff.
 */
export function telegramProcessor(deps: {
  deliver(job: TelegramJob): Promise<DeliverOutcome>;
  now(): number;
  /** Cards that fail for good are parked; a card that got through clears its parked record. */
  parking?: CardParking;
  /** So are a citizen's status messages (a notice no longer owed counts as through). */
  citizenParking?: CitizenParking;
}) {
  return async (job: Job<TelegramJob>, token?: string): Promise<DeliverOutcome> => {
    let card: CardJob | undefined;
    let notice: CitizenJob | undefined;
    try {
      const data = payloadOf(telegramQueue, job.data, "unknown telegram job kind");
      if (data.kind === "card") card = data;
      if (data.kind === "citizen") notice = data;
      const outcome = await deps.deliver(data);
      if (card && outcome !== "stood_in") await deps.parking?.gotThrough(card);
      if (notice) await deps.citizenParking?.gotThrough(notice);
      return outcome;
    } catch (err) {
      const fate = finalFate(err, job);
      if (card && fate) await deps.parking?.failed(card, err, fate === "exhausted");
      if (notice && fate) await deps.citizenParking?.failed(notice, err, fate === "exhausted");
      return settle(err, job, { token, now: deps.now() });
    }
  };
}

type CardJob = Extract<TelegramJob, { kind: "card" }>;
type CitizenJob = Extract<TelegramJob, { kind: "citizen" }>;

export interface CardParking {
  failed(job: CardJob, err: unknown, exhausted: boolean): Promise<void>;
  gotThrough(job: CardJob): Promise<void>;
}

export interface CitizenParking {
  failed(job: CitizenJob, err: unknown, exhausted: boolean): Promise<void>;
  gotThrough(job: CitizenJob): Promise<void>;
}

/** A re-drive's card job: a fresh id each time, since a completed job's id would be ignored. */
export function redriveCardJobId(ticketId: string, dispatch: number, at: number, seq: number): string {
  return `${cardJobId(ticketId, dispatch)}-redrive-${at}-${seq}`;
}
