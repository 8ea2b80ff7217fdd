import type { Job, Queue } from "bullmq";
import type { SlaQueueJob } from "../pipeline/queues.js";
import type { SlaJob } from "../sla/sla-clock.js";
import type { SlaJobQueue } from "./escalation.js";

/** Two plans for the same job closer than this are the same instant (rounding, clock skew). */
const SAME_INSTANT_MS = 1_000;

/**
 * SLA checks as BullMQ delayed jobs in the `sla` queue, one per `slaJobId`. BullMQ ignores an add
 * whose id exists, so a re-plan that moved a deadline (a reassignment to an agency with other
 * targets, a reopen) changes the waiting job's delay instead.
 */
export class BullSlaJobQueue implements SlaJobQueue {
  constructor(private readonly queue: Queue<SlaQueueJob>) {}

  async schedule(job: SlaJob, delayMs: number): Promise<"added" | "moved" | "kept"> {
    const data: SlaQueueJob = {
      kind: "check",
      ticketId: job.ticketId,
      check: job.kind,
      clock: job.clock,
      at: job.at.toISOString(),
    };
    // Typed by hand: BullMQ infers the data of a union-typed queue as an intersection.
    const existing = (await this.queue.getJob(job.jobId)) as Job<SlaQueueJob> | undefined;
    if (existing) {
      const plannedAt = existing.data.kind === "check" ? Date.parse(existing.data.at) : NaN;
      if (Math.abs(plannedAt - job.at.getTime()) < SAME_INSTANT_MS) return "kept";
      if ((await existing.getState()) !== "delayed") return "kept";
      await existing.updateData(data);
      // The job re-reads the ticket when it runs, so a move racing with its start is harmless.
      await existing.changeDelay(delayMs).catch(() => undefined);
      return "moved";
    }
    await this.queue.add("check", data, { jobId: job.jobId, delay: delayMs });
    return "added";
  }

  async cancel(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || (await job.getState()) !== "delayed") return false;
    // `remove` refuses a job that is running (its lock is held): that check re-reads the ticket anyway.
    return (await this.queue.remove(jobId).catch(() => 0)) === 1;
  }
}
