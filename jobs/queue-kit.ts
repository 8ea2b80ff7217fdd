import type { ConnectionOptions, DefaultJobOptions, WorkerOptions } from "bullmq";
import type { z } from "zod";
import { redisKeys } from "../src/redis/keys.js";
import { badPayload } from "./settle.js";

/**
 * Everything about one queue in one place: its name, the zod schema of its payload (the type is
 * inferred from it), the job id that makes adding a job idempotent, and how many jobs a worker
 * runs at once. The processor sits beside the definition in the same file.
 */
export interface QueueDefinition<Name extends string, Schema extends z.ZodType> {
  name: Name;
  payload: Schema;
  /** BullMQ refuses `:` and plain integers in job ids; ours are `tweet-<id>`, `<ticket>-<what>`. */
  jobId(data: z.infer<Schema>): string | undefined;
  concurrency: number;
}

export function defineQueue<const Name extends string, Schema extends z.ZodType>(
  definition: QueueDefinition<Name, Schema>,
): QueueDefinition<Name, Schema> {
  return definition;
}

/** The job's payload as its queue defines it, or a permanent failure with `message`. */
export function payloadOf<Name extends string, Schema extends z.ZodType>(
  queue: QueueDefinition<Name, Schema>,
  data: unknown,
  message: string,
): z.infer<Schema> {
  const parsed = queue.payload.safeParse(data);
  if (!parsed.success) throw badPayload(message);
  return parsed.data;
}

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

/** BullMQ's own keys live under `<prefix>:q` so one Redis can host several deployments. */
export function bullPrefix(prefix: string): string {
  return redisKeys(prefix).queues;
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
