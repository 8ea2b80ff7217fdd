import { UnrecoverableError, type Job } from "bullmq";
import type { HandledTweet } from "../src/tickets/handle-tweet.js";
import type { TriageJob } from "./queues.js";
import type { FlattenedTweet } from "../src/core/tweet.js";
import { isFlattenedTweet } from "../src/x/x-payload-check.js";

/** Triage one tweet into one routed ticket (job id `tweet-<id>`). */
export function triageProcessor(deps: { handle(tweet: FlattenedTweet): Promise<HandledTweet> }) {
  return async (job: Job<TriageJob>): Promise<{ ticket: string; route: string; created: boolean }> => {
    const t: unknown = (job.data as Partial<TriageJob> | null | undefined)?.tweet;
    if (!isFlattenedTweet(t)) {
      throw new UnrecoverableError(
        "triage job without a valid tweet (a flattened tweet: id of digits, text, author, time, url, flags)",
      );
    }
    const done = await deps.handle(t);
    return { ticket: done.ticket.id, route: done.route.kind, created: done.created };
  };
}
