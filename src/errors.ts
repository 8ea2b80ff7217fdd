/**
 * The one error language of Aduan. Every error we throw on purpose extends `AduanError`: it says
 * what went wrong (`code`, stable, for logs and alerts) and who failed (`who`): X, Telegram,
 * Redis, the config, or the input (a job payload, a button, a staff action).
 *
 * Two intents tell the queue what to do with the job that failed this way (`jobs/settle.ts`
 * turns them into BullMQ's terms):
 * - `retry-later`: not now, surely later, after `delayMs`; the job waits without spending an
 *   attempt (`scope: "queue"` pauses the whole queue, for a per-account limit such as X's posts);
 * - `permanent`: the same job will fail the same way every time; it fails at once.
 * Any other error is retried with the queue's backoff, spending an attempt.
 */

export type Failer = "x" | "telegram" | "redis" | "config" | "input";

export type Intent = { kind: "retry-later"; delayMs: number; scope: "job" | "queue" } | { kind: "permanent" };

export abstract class AduanError extends Error {
  abstract readonly code: string;
  abstract readonly who: Failer;
  /** What the queue should do; `undefined`: retry with backoff. */
  get intent(): Intent | undefined {
    return undefined;
  }
}

/** Try again after `delayMs` without spending an attempt. */
export class RetryLaterError extends AduanError {
  constructor(
    readonly who: Failer,
    readonly code: string,
    message: string,
    readonly delayMs: number,
    readonly scope: "job" | "queue" = "job",
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
  override get intent(): Intent {
    return { kind: "retry-later", delayMs: this.delayMs, scope: this.scope };
  }
}

/** The same job would fail the same way again: fail it now. */
export class PermanentError extends AduanError {
  constructor(
    readonly who: Failer,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PermanentError";
  }
  override get intent(): Intent {
    return { kind: "permanent" };
  }
}

export function isAduanError(err: unknown): err is AduanError {
  return err instanceof AduanError;
}

/** The retry-later intent of `err`, if it has one. */
export function retryLaterOf(err: unknown): Extract<Intent, { kind: "retry-later" }> | undefined {
  const intent = isAduanError(err) ? err.intent : undefined;
  return intent?.kind === "retry-later" ? intent : undefined;
}

export function isPermanent(err: unknown): boolean {
  return isAduanError(err) && err.intent?.kind === "permanent";
}
