import { jakartaDate } from "../core/jakarta-time.js";
import type { FlattenedTweet } from "../core/tweet.js";
import { scoreAgencies } from "../triage/agency-rules.js";
import { normalise } from "../triage/normalise.js";
import type { TriageModel } from "../triage/triage.js";
import type { TriageVerdict } from "../triage/types.js";
import { scoreSentiment, type CompiledLexicon, type Polarity } from "./score-sentiment.js";

/** What one mention adds to the mood tally. */
export interface MoodMention {
  tweetId: string;
  /** The Jakarta day it was posted. */
  day: string;
  polarity: Polarity;
  /** The agency it is about, or null (no agency topic: counted in the day's total only). */
  agency: string | null;
}

/**
 * The agency a mention is about: the one triage routed it to, else (praise and thanks are not
 * routed) the agency whose words it uses most, so "makasih Dishub, lampunya udah nyala" counts
 * for Dishub. The command center's desk and out-of-jurisdiction bodies are not agency topics.
 */
export function moodTopic(
  model: Pick<TriageModel, "agencies" | "slang" | "commandCenter" | "external">,
  text: string,
  verdict: Pick<TriageVerdict, "agency" | "disposition">,
): string | null {
  const isTopic = (a: string | null | undefined): a is string =>
    typeof a === "string" && a !== model.commandCenter && !model.external.has(a);
  if (verdict.disposition !== "desk" && isTopic(verdict.agency)) return verdict.agency;
  const best = scoreAgencies(model.agencies, normalise(text, model.slang)).candidates[0]?.agency;
  return isTopic(best) ? best : null;
}

/**
 * The mood of a triaged tweet, or null when it is not a citizen's mention: a post by one of our or
 * the city's official accounts is not public mood.
 */
export function moodMention(
  model: Pick<TriageModel, "agencies" | "slang" | "commandCenter" | "external">,
  lexicon: CompiledLexicon,
  officialAccounts: ReadonlySet<string>,
  tweet: Pick<FlattenedTweet, "id" | "text" | "created_at" | "author_username">,
  verdict: Pick<TriageVerdict, "agency" | "disposition">,
): MoodMention | null {
  if (officialAccounts.has(tweet.author_username.toLowerCase())) return null;
  const at = Date.parse(tweet.created_at);
  return {
    tweetId: tweet.id,
    day: jakartaDate(Number.isFinite(at) ? at : 0),
    polarity: scoreSentiment(lexicon, tweet.text).polarity,
    agency: moodTopic(model, tweet.text, verdict),
  };
}
