import type { Job } from "bullmq";
import { z } from "zod";
import type { PollResult } from "../src/ingest/poll-source.js";
import type { SourceSpec } from "../src/ports/tweet-source.js";
import { defineQueue } from "./queue-kit.js";
import { badPayload, settle } from "./settle.js";

/** One poll of one configured X source, started by a Job Scheduler per source. */
export const ingestQueue = defineQueue({
  name: "ingest",
  payload: z.object({ sourceId: z.string() }),
  jobId: () => undefined,
  concurrency: 1,
});
export type IngestJob = z.infer<typeof ingestQueue.payload>;

/** Polls one configured X source per scheduled run. */
export function ingestProcessor(deps: {
  sources: ReadonlyMap<string, SourceSpec>;
  poll(spec: SourceSpec): Promise<PollResult>;
  now?(): number;
}) {
  return async (job: Job<IngestJob>, token?: string): Promise<PollResult> => {
    try {
      const spec = deps.sources.get(String(job.data?.sourceId));
      if (!spec) throw badPayload(`unknown source ${JSON.stringify(job.data?.sourceId)}`);
      // Any other error is rethrown: attempts and exponential backoff apply, and the cursor has not moved.
      return await deps.poll(spec);
    } catch (err) {
      return settle(err, job, { token, now: deps.now?.() ?? Date.now() });
    }
  };
}
