import type { Job } from "bullmq";
import { z } from "zod";
import { parseSlaJobId, slaJobId, type SlaJobKind } from "../src/core/sla/sla-clock.js";
import { RetryLaterError } from "../src/errors.js";
import type { SlaCheck, SlaCheckOutcome } from "../src/supervision/escalation.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { badPayload, settle } from "./settle.js";

const CHECK_KINDS = [
  "remind-first-response",
  "breach-first-response",
  "remind-resolution",
  "breach-resolution",
] as const satisfies readonly SlaJobKind[];

/** SLA checks (delayed, one job per clock and kind) and the supervisors' daily messages. */
export const slaQueue = defineQueue({
  name: "sla",
  payload: z.discriminatedUnion("kind", [
    /** A delayed reminder or breach check of one SLA clock; the job id is `slaJobId(...)`. */
    z.object({
      kind: z.literal("check"),
      ticketId: z.string(),
      check: z.enum(CHECK_KINDS),
      clock: z.number(),
      /** The instant it was planned for (ISO): a re-plan for another instant moves the job. */
      at: z.string(),
    }),
    /** The daily list of open breaches for the supervisors (Job Scheduler). */
    z.object({ kind: z.literal("breach-summary") }),
    /** The daily digest with its chart (Job Scheduler). */
    z.object({ kind: z.literal("digest") }),
    /** Re-drive what should exist and does not: parked effects, missing cards and replies (Job Scheduler). */
    z.object({ kind: z.literal("reconcile") }),
    /** The weekly rule suggestions with Terima/Abaikan buttons (Job Scheduler). */
    z.object({ kind: z.literal("rule-suggestions") }),
  ]),
  jobId: (job) => (job.kind === "check" ? slaJobId(job.ticketId, job.check, job.clock) : undefined),
  concurrency: 2,
});
export type SlaQueueJob = z.infer<typeof slaQueue.payload>;

/**
 * The `sla` queue: delayed reminder and breach checks of one ticket, and the two daily
 * supervisor messages started by Job Schedulers. A check that fired early (its deadline moved)
 * and a send that must wait for the rate gate go back to delayed without spending an attempt.
 */
export function slaProcessor(deps: {
  check(check: SlaCheck): Promise<SlaCheckOutcome>;
  breachSummary(): Promise<unknown>;
  digest(): Promise<unknown>;
  /** The reconciler; without it a reconcile job does nothing (a process without the workers' wiring). */
  reconcile?(): Promise<unknown>;
  ruleSuggestions?(): Promise<unknown>;
  now(): number;
}) {
  return async (job: Job<SlaQueueJob>, token?: string): Promise<unknown> => {
    try {
      const data = payloadOf(slaQueue, job.data, "unknown sla job kind");
      switch (data.kind) {
        case "check": {
          const out = await deps.check(validCheck(job.id, data));
          if (out.outcome === "early") {
            const wait = out.at.getTime() - deps.now();
            throw new RetryLaterError("input", "SLA_CHECK_EARLY", `${job.id} fired early`, wait);
          }
          return out;
        }
        case "breach-summary":
          return await deps.breachSummary();
        case "digest":
          return await deps.digest();
        case "reconcile":
          return (await deps.reconcile?.()) ?? null;
        case "rule-suggestions":
          return (await deps.ruleSuggestions?.()) ?? { skipped: "no rule suggestions in this process" };
      }
    } catch (err) {
      return settle(err, job, { token, now: deps.now() });
    }
  };
}

/** The payload must agree with the job id it was planned under (`ADU-000123-breach-resolution-1`). */
function validCheck(jobId: string | undefined, data: Extract<SlaQueueJob, { kind: "check" }>): SlaCheck {
  const fromId = jobId ? parseSlaJobId(jobId) : undefined;
  if (
    !fromId ||
    fromId.ticketId !== data.ticketId ||
    fromId.kind !== data.check ||
    fromId.clock !== data.clock
  ) {
    throw badPayload(`bad sla check job ${jobId ?? "(no id)"}`);
  }
  return fromId;
}
