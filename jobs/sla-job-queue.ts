import type { Job, Queue } from "bullmq";
import type { SlaQueueJob } from "./sla.js";
import type { SlaJob } from "../src/core/sla/sla-clock.js";
import type { SlaPolicy } from "../src/core/sla/sla-policy.js";
import type { SlaJobQueue } from "../src/supervision/escalation.js";

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

/** Job Scheduler ids of the supervisors' daily messages. */
export const SUPERVISION_SCHEDULERS = {
  breachSummary: "sla-breach-summary",
  digest: "sla-digest",
  reconcile: "reconcile",
} as const;

/**
 * The reconciler every `everyMs` (a Job Scheduler: idempotent across processes), and one run now
 * (`startedAt` makes its job id fresh: a process start always reconciles once).
 */
export async function upsertReconcileScheduler(
  queue: Queue<SlaQueueJob>,
  everyMs: number,
  startedAt: number,
): Promise<void> {
  await queue.upsertJobScheduler(
    SUPERVISION_SCHEDULERS.reconcile,
    { every: everyMs },
    { name: "reconcile", data: { kind: "reconcile" } },
  );
  await queue.add("reconcile", { kind: "reconcile" }, { jobId: `reconcile-start-${startedAt}` });
}

/** `"07:00"` → the cron pattern `0 7 * * *` (every day at that local time). */
export function dailyCron(time: string): string {
  const [h, m] = time.split(":").map(Number);
  return `${m ?? 0} ${(h ?? 0) % 24} * * *`;
}

/**
 * Registers the daily breach summary and digest at the policy's local times. Upserts are
 * idempotent, so every ingest process may call this. When both are at the same minute only the
 * digest runs: it carries the same overdue list, and supervisors get one message, not two.
 */
export async function upsertSupervisionSchedulers(
  queue: Queue<SlaQueueJob>,
  policy: Pick<SlaPolicy, "timezone" | "schedule">,
): Promise<{ digest: string; breachSummary: string | null }> {
  const tz = policy.timezone;
  const digest = dailyCron(policy.schedule.digest);
  await queue.upsertJobScheduler(
    SUPERVISION_SCHEDULERS.digest,
    { pattern: digest, tz },
    { name: "digest", data: { kind: "digest" } },
  );
  if (policy.schedule.breach_summary === policy.schedule.digest) {
    await queue.removeJobScheduler(SUPERVISION_SCHEDULERS.breachSummary);
    return { digest, breachSummary: null };
  }
  const breachSummary = dailyCron(policy.schedule.breach_summary);
  await queue.upsertJobScheduler(
    SUPERVISION_SCHEDULERS.breachSummary,
    { pattern: breachSummary, tz },
    { name: "breach-summary", data: { kind: "breach-summary" } },
  );
  return { digest, breachSummary };
}
