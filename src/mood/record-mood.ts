import type { Redis } from "ioredis";
import type { AduanConfig } from "../app/load-config.js";
import type { FlattenedTweet } from "../core/tweet.js";
import { RedisMoodTally } from "../redis/mood-tally.js";
import type { TriageModel } from "../triage/triage.js";
import type { TriageVerdict } from "../triage/types.js";
import { moodMention } from "./mood-topic.js";
import { compileLexicon } from "./score-sentiment.js";

/**
 * Counts a triaged tweet's mood once (per tweet id), for its day and agency. Called after the
 * ticket is stored, so a retried triage job counts nothing twice.
 */
export function moodRecorder(o: {
  redis: Redis;
  prefix: string;
  config: Pick<AduanConfig, "app" | "sentiment">;
  model: () => TriageModel;
}): (tweet: FlattenedTweet, verdict: TriageVerdict) => Promise<void> {
  const lexicon = compileLexicon(o.config.sentiment);
  const tally = new RedisMoodTally(o.redis, o.prefix);
  const official = new Set(
    [...o.config.app.x.accounts, ...o.config.app.triage.official_accounts].map((a) => a.toLowerCase()),
  );
  return async (tweet, verdict) => {
    const mention = moodMention(o.model(), lexicon, official, tweet, verdict);
    if (mention) await tally.record(mention);
  };
}
