import type { Job } from "bullmq";
import { z } from "zod";
import type { FlattenedTweet } from "../src/core/tweet.js";
import type { HandledTweet } from "../src/tickets/handle-tweet.js";
import { isReportTweet } from "../src/citizens/citizen-report.js";
import type { CitizenContact } from "../src/core/ticket.js";
import type { TicketOrigin } from "../src/core/lifecycle.js";
import { defineQueue, payloadOf } from "./queue-kit.js";
import { settle } from "./settle.js";

export const tweetJobId = (tweetId: string) => `tweet-${tweetId}`;

/** One tweet to triage into one routed ticket. */
export const triageQueue = defineQueue({
  name: "triage",
  payload: z.object({
    tweet: z.custom<FlattenedTweet>(isReportTweet),
    /** Where it was found (informative: a tweet found twice is one job). */
    sourceId: z.string().optional().catch(undefined),
    /**
     * A citizen's Telegram report in the tweet's shape (`tweet.id` is `tg-<chat>-<message>`): the
     * channel and the citizen's contact go on the ticket.
     */
    citizen: z.custom<CitizenContact>((v) => typeof v === "object" && v !== null).optional(),
  }),
  jobId: (p) => tweetJobId(p.tweet.id),
  concurrency: 8,
});
export type TriageJob = z.infer<typeof triageQueue.payload>;

/** Triage one tweet into one routed ticket (job id `tweet-<id>`). */
export function triageProcessor(deps: {
  handle(tweet: FlattenedTweet, origin?: TicketOrigin): Promise<HandledTweet>;
  now?(): number;
}) {
  return async (
    job: Job<TriageJob>,
    token?: string,
  ): Promise<{ ticket: string; route: string; created: boolean }> => {
    try {
      const { tweet, citizen } = payloadOf(
        triageQueue,
        job.data,
        "triage job without a valid tweet (a flattened tweet: id of digits, text, author, time, url, flags)",
      );
      const done = await deps.handle(tweet, citizen ? { channel: "telegram", citizen } : undefined);
      return { ticket: done.ticket.id, route: done.route.kind, created: done.created };
    } catch (err) {
      return settle(err, job, { token, now: deps.now?.() ?? Date.now() });
    }
  };
}
