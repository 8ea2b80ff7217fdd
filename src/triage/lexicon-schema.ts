import { z } from "zod";

/**
 * Schemas of the triage lexicons in `config/lexicon/`. Phrases everywhere are written as people
 * write them; the loader runs each through the same normalise+stem pipeline as tweets, so
 * `berlubang` in a lexicon also matches `lubang`, `lubangnya` and `lbg2`.
 *
 * Phrase syntax (shared with agency keywords): words separated by spaces; a word written `=word`
 * matches that exact normalised token instead of its stem (`=kebakaran` is a fire, while the stem
 * `bakar` would also catch `bakar sampah`).
 */

const word = z.string().trim().min(1, "a word may not be empty");
const phraseWeights = z
  .record(
    z.string().trim().min(1, "a phrase may not be empty"),
    z.number().positive("weights are positive numbers"),
  )
  .refine((r) => Object.keys(r).length > 0, "expected at least one phrase");

/** `config/lexicon/slang.yaml`: tweet spelling → standard Indonesian. */
export const slangFileSchema = z
  .object({
    /** Abbreviation or slang → its standard form (one or more words). */
    words: z
      .record(word.regex(/^[^\s]+$/, "a slang key is a single token"), z.string().trim().min(1))
      .refine((r) => Object.keys(r).length > 0, "expected at least one slang entry"),
    /** Discourse particles (Sundanese, Javanese, Indonesian) that carry no content and are dropped. */
    particles: z.array(word).default([]),
    /** Extra words (beyond the stemmer's dictionary) that may appear inside an all-lowercase hashtag. */
    hashtag_words: z.array(word).default([]),
  })
  .strict();

/** `config/lexicon/complaint.yaml`: what makes a tweet a complaint, and what makes it something else. */
export const complaintFileSchema = z
  .object({
    /** Words and phrases that name a problem (broken, flooded, piling up, illegal, not flowing). */
    problems: phraseWeights,
    /** Asking someone to act: `mohon diperbaiki`, `tolong`, `lapor`. Strengthens a problem; alone it is not one. */
    requests: phraseWeights,
    /** Cues of thanks, praise, greetings, information questions, news shares, official activity and promotions. */
    not_complaint: phraseWeights,
    /**
     * Old-style retweets (`RT @user:`) of these accounts' posts are not complaints. Usually agency
     * and official accounts; citizen and news-relay accounts are left out so their relayed reports count.
     */
    official_accounts: z
      .array(z.string().regex(/^@?[A-Za-z0-9_]{1,15}$/, "expected an X username"))
      .default([]),
    /** Decision threshold on the combined score (problems + requests − not_complaint). */
    threshold: z.number().positive().default(1),
    /** Threshold when no agency topic matched (such a complaint is routed by hand, so ask for more). */
    threshold_without_topic: z.number().positive().default(2),
    /** Added when the text names a place: a report says where the problem is, chatter rarely does. */
    place_weight: z.number().min(0).default(0),
  })
  .strict();

const urgentCombination = z
  .object({
    /** Every one of these must appear ... */
    all: z.array(word).min(1, "a combination needs at least one word in `all`"),
    /** ... together with at least one of these, within `window` tokens of the first `all` word. */
    any: z.array(word).min(1, "a combination needs at least one word in `any`"),
    window: z.number().int().min(1).max(30).default(10),
    reason: z.string().min(1),
  })
  .strict();

/** `config/lexicon/urgency.yaml`: danger to people or property that should be handled within the hour. */
export const urgencyFileSchema = z
  .object({
    /** Phrases urgent on their own (`kebakaran`, `longsor`, `orang tenggelam`). */
    phrases: phraseWeights,
    /** Phrases urgent only together with another (`banjir` + `terjebak`, `pohon tumbang` + `menimpa`). */
    combinations: z.array(urgentCombination).default([]),
  })
  .strict();

export type SlangFile = z.output<typeof slangFileSchema>;
export type ComplaintFile = z.output<typeof complaintFileSchema>;
export type UrgencyFile = z.output<typeof urgencyFileSchema>;
export type UrgentCombination = z.output<typeof urgentCombination>;
