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

const affixList = z.array(z.string().regex(/^[a-z]{1,6}$/, "an affix is 1 to 6 lower-case letters"));

/** `config/lexicon/regional.yaml`: Sundanese and Javanese words → Indonesian, and affix rules. */
export const regionalFileSchema = z
  .object({
    sundanese: z.record(word.regex(/^[^\s]+$/, "a key is a single token"), z.string().trim().min(1)),
    javanese: z.record(word.regex(/^[^\s]+$/, "a key is a single token"), z.string().trim().min(1)),
    affixes: z.object({ infixes: affixList, prefixes: affixList, suffixes: affixList }).strict(),
  })
  .strict();

export type RegionalFile = z.output<typeof regionalFileSchema>;

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
     * Courtesy formulas that count for nothing either way: a letter's closing `terima kasih atas
     * perhatiannya` or a greeting `salam sukses` is how formal reports open and close, not praise.
     * Found, they cover the shorter not_complaint cue inside them (`terima kasih atas`, `sukses`).
     */
    courtesy: z.array(z.string().trim().min(1)).default([]),
    /**
     * Words that make what follows a goal or a hypothesis, not something seen: `supaya tidak
     * macet`, `solusi kemacetan`, `mencegah banjir`. A problem word within `window` tokens after
     * one of them counts `factor` of its weight (opinions and advice use problem words this way).
     */
    not_current: z
      .object({
        markers: z.array(z.string().min(1)).default([]),
        window: z.number().int().min(1).max(8).default(3),
        /**
         * Markers whose scope is their whole clause (`biar`, `supaya`, `andai`): a problem up to
         * `clause_window` tokens after one, with no comma or sentence end between, is a goal too.
         */
        clause_markers: z.array(z.string().min(1)).default([]),
        clause_window: z.number().int().min(0).max(20).default(0),
        factor: z.number().min(0).max(1).default(0),
      })
      .default({ markers: [], window: 3, clause_markers: [], clause_window: 0, factor: 0 }),
    /**
     * Request markers (`mohon`, `tolong`, `minta`) and the nouns of an official's action
     * (`penertiban`, `pemasangan`): such an action within `window` tokens after a marker is what
     * the writer asks for, not an activity report (`mohon penertiban PKL`): it counts as a request
     * of `weight` instead of against the report.
     */
    asked_for: z
      .object({
        markers: z.array(z.string().min(1)).default([]),
        actions: z.array(z.string().min(1)).default([]),
        window: z.number().int().min(1).max(8).default(3),
        weight: z.number().min(0).max(5).default(1),
      })
      .default({ markers: [], actions: [], window: 3, weight: 1 }),
    /**
     * Words of a good state (`bagus`, `jelas`, `layak`): negated (`kurang bagus`, `tidak jelas`,
     * `belum layak`) they name a problem of `weight`.
     */
    negated_good: z
      .object({
        words: z.array(z.string().min(1)).default([]),
        weight: z.number().min(0).max(5).default(1.5),
      })
      .default({ words: [], weight: 1.5 }),
    /**
     * Implied problems: two kinds of words that name no problem alone but do together within
     * `window` tokens, in either order (a vehicle or a stall + a sidewalk or a park: a public space
     * misused; `tidak ada` + a drain or a bin: a public thing missing). Each family counts once.
     */
    pairs: z
      .record(
        z.string().min(1),
        z
          .object({
            about: z.string().min(1),
            weight: z.number().positive().max(5),
            window: z.number().int().min(1).max(12).default(6),
            /**
             * A veto family names what a report is not (an official's action done by a team): found,
             * it counts `weight` against the tweet and no problem word can make it a report.
             * Default false: the pair names a problem.
             */
            veto: z.boolean().default(false),
            a: z.array(z.string().trim().min(1)).min(1),
            b: z.array(z.string().trim().min(1)).min(1),
          })
          .strict(),
      )
      .default({}),
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

const kindCues = z
  .object({
    /** What this kind is, in a sentence (shown in evidence). */
    about: z.string().min(1),
    phrases: phraseWeights,
  })
  .strict();

/**
 * `config/lexicon/kinds.yaml`: what kind of report a tweet is, relays of a citizen's report, the
 * families of posts that are not reports (named in the evidence of an audit verdict), and when a
 * not-quite report still goes to the triage desk.
 */
export const kindsFileSchema = z
  .object({
    /** Cues of a service request, a question and a suggestion; a named problem makes a `keluhan`. */
    kinds: z.object({ permintaan: kindCues, pertanyaan: kindCues, saran: kindCues }).strict(),
    /** A media or community account passing on a citizen's report: a report, not chatter. */
    relay: phraseWeights,
    /**
     * A letter to the office: a formal opening or a writer introducing themself (`dengan hormat`,
     * `perkenalkan nama saya`, `saya warga desa ...`). Such a letter that asks for something or
     * names a problem goes to the desk even when no agency topic is found.
     */
    letter: z.record(z.string().trim().min(1), z.number().positive()).default({}),
    /** Families of posts that are not reports, by reason (praise, news, official activity, …). */
    not_report: z.record(z.string().regex(/^[a-z_]+$/, "a family name is lower_snake_case"), kindCues),
    desk: z
      .object({
        /**
         * A tweet the report gate turned down still goes to the desk when its score reaches this
         * and it carries real signal (a problem, a service topic with a question or request, a place with a hint).
         */
        threshold: z.number().min(0),
        /** A tweet with this much not-a-report weight (complaint.yaml's not_complaint) never goes to the desk. */
        max_not: z.number().positive(),
        /**
         * Added to the score of a tweet that names a place and @mentions an agency's account, which
         * then goes to the desk; 0 turns that path off.
         */
        agency_mention: z.number().min(0),
        /** Weakest agency topic that counts as "a city service" for a question or request. */
        min_topic: z.number().min(0),
        /**
         * Not-a-complaint weight a question or request about a city service may carry and still go
         * to the desk (information cues like `caranya`, `syarat` are what questions look like);
         * defaults to `max_not`.
         */
        ask_max_not: z.number().positive().optional(),
        /**
         * A tweet whose strongest not-a-report family (kinds.yaml: praise, news, an official's
         * activity, chatter, promotion) weighs this much never goes to the desk.
         */
        max_not_report: z.number().positive().optional(),
        /**
         * A question or request about a city service that the gate turned down still goes straight
         * to its agency (not the desk) when the agency rules name one owner this confidently
         * ("apakah blanko e-KTP sudah ada?" is a question for Disdukcapil, not a desk decision).
         * Absent: every such question goes to the desk.
         */
        ask_direct_confidence: z.number().min(0).max(1).optional(),
        /**
         * Like `ask_direct_confidence`, for a named problem the gate was unsure of: when the agency
         * rules name its owner this confidently, it goes to that agency, not the desk. Absent: desk.
         */
        problem_direct_confidence: z.number().min(0).max(1).optional(),
        /** Letter weight (`letter` cues) that sends an asking or complaining letter to the desk; absent: off. */
        min_letter: z.number().positive().optional(),
        /** A report routed with less agency confidence than this goes to the desk (overrides app.yaml). */
        min_confidence: z.number().min(0).max(1).optional(),
        /** Agencies offered on a desk card when the rules name fewer than three (most common first). */
        fallback_agencies: z.array(z.string().min(1)).min(3, "the desk offers at least three agencies"),
      })
      .strict(),
  })
  .strict();

/**
 * `config/lexicon/place-words.yaml`: phrases that name a location when a preposition stands
 * before them (`di lampu merah`, `depan RS`); an agency keyword inside one does not count as a topic.
 */
export const placeWordsFileSchema = z
  .object({
    prepositions: z.array(word.regex(/^[^\s]+$/, "a preposition is a single word")).min(1),
    phrases: z.array(word).min(1),
    /** Words that may stand between a preposition and its place (`di setiap perempatan`). */
    fillers: z.array(word.regex(/^[^\s]+$/, "a filler is a single word")).default([]),
    /** Words of position (`depan`, `samping`): the only ones that make a `landmarks` phrase a place. */
    spatial_prepositions: z.array(word.regex(/^[^\s]+$/, "a preposition is a single word")).default([]),
    /** Offices that are the topic after `ke`/`di` (`lapor ke polres`) but a place after `depan`. */
    landmarks: z.array(word).default([]),
    /**
     * Words after which a problem is an effect or a fear, not the topic (`PKL bikin macet`,
     * `takut longsor`): agency keywords just after one count at `consequence_factor` of their weight.
     */
    consequence_markers: z.array(word).default([]),
    consequence_window: z.number().int().min(1).max(8).default(4),
    consequence_factor: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export type PlaceWordsFile = z.output<typeof placeWordsFileSchema>;
export type KindsFile = z.output<typeof kindsFileSchema>;
export type SlangFile = z.output<typeof slangFileSchema>;
export type ComplaintFile = z.output<typeof complaintFileSchema>;
export type UrgencyFile = z.output<typeof urgencyFileSchema>;
export type UrgentCombination = z.output<typeof urgentCombination>;
