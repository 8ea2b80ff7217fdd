import { UnrecoverableError, type Job } from "bullmq";
import type { PollResult } from "../src/ingest/poll-source.js";
import type { SourceSpec } from "../src/ports/tweet-source.js";
import type { IngestJob } from "./queues.js";

/** Polls one configured X source per scheduled run. */
export function ingestProcessor(deps: {
  sources: ReadonlyMap<string, SourceSpec>;
  poll(spec: SourceSpec): Promise<PollResult>;
}) {
  return async (job: Job<IngestJob>): Promise<PollResult> => {
    const spec = deps.sources.get(String(job.data?.sourceId));
    if (!spec) throw new UnrecoverableError(`unknown source ${JSON.stringify(job.data?.sourceId)}`);
    // Any other error is rethrown: attempts and exponential backoff apply, and the cursor has not moved.
    return deps.poll(spec);
  };
}
