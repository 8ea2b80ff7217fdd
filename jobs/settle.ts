import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import { PermanentError, retryLaterOf, isPermanent } from "../src/errors.js";

/** Delays shorter than this are not worth a round trip through the delayed set. */
const MIN_DELAY_MS = 50;

/**
 * The one place where our error intents (`src/errors.ts`) become BullMQ's decisions:
 * - retry later → `moveToDelayed` + `DelayedError` (the job waits, no attempt spent), or with
 *   `scope: "queue"` and the worker at hand, `worker.rateLimit` + `Worker.RateLimitError()`
 *   (the whole queue waits: a per-account limit);
 * - permanent → `UnrecoverableError` (failed now, kept for inspection);
 * - anything else is rethrown: the queue's attempts and exponential backoff apply.
 */
export async function settle(
  err: unknown,
  job: Pick<Job, "moveToDelayed">,
  ctx: { token: string | undefined; now: number; worker?: Worker | undefined },
): Promise<never> {
  const later = retryLaterOf(err);
  if (later) {
    const delay = Math.max(later.delayMs, MIN_DELAY_MS);
    if (later.scope === "queue" && ctx.worker) {
      await ctx.worker.rateLimit(delay);
      throw Worker.RateLimitError();
    }
    await job.moveToDelayed(ctx.now + delay, ctx.token);
    throw new DelayedError();
  }
  if (isPermanent(err)) throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
  throw err;
}

/** A job whose payload is not what its queue carries: it would fail the same way forever. */
export function badPayload(message: string): PermanentError {
  return new PermanentError("input", "BAD_JOB_PAYLOAD", message);
}

/**
 * Whether this failure ends the job for good: `permanent` (the same job would fail the same way),
 * `exhausted` (its last attempt), or undefined (it will wait or be retried). The processors park
 * the effect of a job that ends for good, so it is never just a failed job nobody looks at.
 */
export function finalFate(
  err: unknown,
  job: Pick<Job, "attemptsMade" | "opts">,
): "permanent" | "exhausted" | undefined {
  if (retryLaterOf(err)) return undefined;
  if (isPermanent(err)) return "permanent";
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1) ? "exhausted" : undefined;
}
