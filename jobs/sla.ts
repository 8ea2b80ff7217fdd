import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { DeliverLaterError } from "../src/dispatch/deliver-card.js";
import type { SlaQueueJob } from "./queues.js";
import { parseSlaJobId, type SlaJobKind } from "../src/core/sla/sla-clock.js";
import type { SlaCheck, SlaCheckOutcome } from "../src/supervision/escalation.js";

const CHECK_KINDS: ReadonlySet<string> = new Set<SlaJobKind>([
  "remind-first-response",
  "breach-first-response",
  "remind-resolution",
  "breach-resolution",
]);

/**
 * The `sla` queue: delayed reminder and breach checks of one ticket, and the two daily
 * supervisor messages started by Job Schedulers. A check that fired early (its deadline moved)
 * and a send that must wait for the rate gate go back to delayed without spending an attempt.
 */
export function slaProcessor(deps: {
  check(check: SlaCheck): Promise<SlaCheckOutcome>;
  breachSummary(): Promise<unknown>;
  digest(): Promise<unknown>;
  now(): number;
}) {
  return async (job: Job<SlaQueueJob>, token?: string): Promise<unknown> => {
    const data = job.data as Partial<SlaQueueJob> | undefined;
    try {
      switch (data?.kind) {
        case "check": {
          const check = validCheck(job.id, data);
          const out = await deps.check(check);
          if (out.outcome === "early") {
            await job.moveToDelayed(out.at.getTime(), token);
            throw new DelayedError();
          }
          return out;
        }
        case "breach-summary":
          return await deps.breachSummary();
        case "digest":
          return await deps.digest();
        default:
          throw new UnrecoverableError("unknown sla job kind");
      }
    } catch (err) {
      if (err instanceof DeliverLaterError) {
        await job.moveToDelayed(deps.now() + Math.max(err.delayMs, 50), token);
        throw new DelayedError();
      }
      throw err;
    }
  };
}

/** The payload must agree with the job id it was planned under (`ADU-000123-breach-resolution-1`). */
function validCheck(
  jobId: string | undefined,
  data: Partial<Extract<SlaQueueJob, { kind: "check" }>>,
): SlaCheck {
  const fromId = jobId ? parseSlaJobId(jobId) : undefined;
  if (
    !fromId ||
    typeof data.ticketId !== "string" ||
    typeof data.check !== "string" ||
    !CHECK_KINDS.has(data.check) ||
    typeof data.clock !== "number" ||
    fromId.ticketId !== data.ticketId ||
    fromId.kind !== data.check ||
    fromId.clock !== data.clock
  ) {
    throw new UnrecoverableError(`bad sla check job ${jobId ?? "(no id)"}`);
  }
  return fromId;
}
