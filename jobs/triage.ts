import { UnrecoverableError, type Job } from "bullmq";
import type { HandledTweet } from "../src/pipeline/handle-tweet.js";
import type { TriageJob } from "../src/pipeline/queues.js";
import type { FlattenedTweet } from "../src/x/flatten-tweet.js";

/** Triage one tweet into one routed ticket (job id `tweet-<id>`). */
export function triageProcessor(deps: { handle(tweet: FlattenedTweet): Promise<HandledTweet> }) {
  return async (job: Job<TriageJob>): Promise<{ ticket: string; route: string; created: boolean }> => {
    const t = job.data?.tweet;
    if (!t || typeof t.id !== "string" || !/^\d{1,20}$/.test(t.id) || typeof t.text !== "string") {
      throw new UnrecoverableError("triage job without a valid tweet (id of digits and text)");
    }
    const done = await deps.handle(t);
    return { ticket: done.ticket.id, route: done.route.kind, created: done.created };
  };
}
