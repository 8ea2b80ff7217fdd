import type { FeedbackLexicon } from "../config/feedback-lexicon.js";
import type { Ticket } from "./ticket.js";

/**
 * What a citizen's answer to our "resolved" reply says, and what to do about it. Pure.
 *
 * - **not fixed** (`belum`, `masih`, `tidak benar`, `bohong`, `gak ada perbaikan`, a photo
 *   without thanks…): the ticket is reopened, with the citizen's words as the reason.
 * - **thanks** (`terima kasih`, `mantap`, `makasih`, `nuhun`…): recorded as satisfaction.
 * - anything else is not feedback: it goes through triage like any tweet (it may be a new
 *   complaint about something else: "sekalian pak, lampu di sebelahnya juga mati").
 *
 * A reply that both thanks and complains ("makasih, tapi masih bolong") is not fixed: a wrong
 * reopen costs staff one more press, a missed one leaves a citizen unheard.
 *
 * The words are data: `config/feedback.yaml` (`FeedbackLexicon`).
 */

export type FeedbackKind = "not_fixed" | "thanks" | "other";

export interface FeedbackVerdict {
  kind: FeedbackKind;
  /** The cue phrases found (normalised), for logs and tests. */
  cues: string[];
}

/** Lower-case tokens with mentions and links removed, slang respelled, long letter runs shortened. */
export function feedbackTokens(text: string, lexicon: FeedbackLexicon): string[] {
  const words = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/@\w+/g, " ")
    .replace(/bo'ong/g, "bohong")
    // "sama2", "apa2": the Indonesian doubling written with a 2.
    .replace(/\b([a-z]+)2\b/g, "$1 $1")
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.replace(/([a-z])\1{2,}/g, "$1"));
  return words.flatMap((w) => (lexicon.spelling[w] ?? w).split(" ")).filter(Boolean);
}

function findPhrases(tokens: readonly string[], phrases: readonly string[]): string[] {
  const line = ` ${tokens.join(" ")} `;
  return phrases.filter((p) => line.includes(` ${p} `));
}

/** Classifies a citizen's answer to our "resolved" reply. */
export function classifyFeedback(
  lexicon: FeedbackLexicon,
  text: string,
  opts: { hasPhoto?: boolean } = {},
): FeedbackVerdict {
  const tokens = feedbackTokens(text, lexicon);
  let line = ` ${tokens.join(" ")} `;
  for (const p of lexicon.not_a_complaint) line = line.replaceAll(` ${p} `, " ");
  const notFixed = findPhrases(line.trim().split(" ").filter(Boolean), lexicon.not_fixed);
  if (notFixed.length > 0) return { kind: "not_fixed", cues: notFixed };
  const thanks = findPhrases(tokens, lexicon.thanks);
  if (thanks.length > 0) return { kind: "thanks", cues: thanks };
  // A photo in answer to "it is fixed", with no thanks, is nearly always the problem still there.
  if (opts.hasPhoto) return { kind: "not_fixed", cues: ["foto"] };
  return { kind: "other", cues: [] };
}

/** The citizen's tweet, as the feedback decision needs it. */
export interface FeedbackTweet {
  id: string;
  author_id: string;
  text: string;
  created_at: string;
  /** The tweet it answers (X's `referenced_tweets` of type `replied_to`). */
  in_reply_to_tweet_id?: string;
  has_media?: boolean;
}

export type FeedbackDecision =
  /** Not an answer to one of our "resolved" replies, too late, or not about the fix: triage it. */
  | { action: "triage" }
  /** The fix did not hold: reopen the ticket with the citizen's words. */
  | { action: "reopen"; reason: string; verdict: FeedbackVerdict }
  /** Record what the citizen said (thanks; or "not fixed" on a ticket that is no longer resolved). */
  | { action: "record"; kind: Exclude<FeedbackKind, "other">; note: string; verdict: FeedbackVerdict };

const DAY = 86_400_000;
/** A reopen reason stays a short line on the card and in the history. */
const MAX_REASON = 200;

/**
 * What to do with `tweet`, an answer to our reply tweet `tweet.in_reply_to_tweet_id` of `ticket`.
 * Feedback counts when it answers one of the ticket's "resolved" replies within `windowDays` of
 * that reply. Only an answer to the latest resolution of a ticket still resolved reopens it.
 */
export function decideFeedback(
  ticket: Ticket,
  tweet: FeedbackTweet,
  windowDays: number,
  lexicon: FeedbackLexicon,
): FeedbackDecision {
  const repliedTo = tweet.in_reply_to_tweet_id;
  const ours = ticket.history.find(
    (e) => e.type === "replied" && e.to === "resolved" && e.note === repliedTo,
  );
  if (!repliedTo || !ours) return { action: "triage" };
  const late = Date.parse(tweet.created_at) - Date.parse(ours.at);
  if (!(late <= windowDays * DAY)) return { action: "triage" };
  const verdict = classifyFeedback(lexicon, tweet.text, { hasPhoto: tweet.has_media ?? false });
  if (verdict.kind === "other") return { action: "triage" };
  const note = citizenWords(tweet.text, verdict);
  if (
    verdict.kind === "not_fixed" &&
    ticket.status === "resolved" &&
    ticket.replies["resolved"] === repliedTo
  ) {
    return { action: "reopen", reason: note, verdict };
  }
  return { action: "record", kind: verdict.kind, note, verdict };
}

/** The citizen's words without mentions and links, on one short line; `(foto)` when only a photo. */
export function citizenWords(text: string, verdict: FeedbackVerdict): string {
  const words = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/@\w+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const line = words || (verdict.cues.includes("foto") ? "(foto)" : "");
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
