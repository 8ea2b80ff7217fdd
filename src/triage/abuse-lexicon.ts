import { z } from "zod";

export const ABUSE_CATEGORIES = ["profanity", "insult", "slur", "threat", "sexual"] as const;
export type AbuseCategory = (typeof ABUSE_CATEGORIES)[number];

// Terms are stored the way the detector compares them: lower-case ASCII letters, words split by one
// space. Leetspeak, repeated letters and masking are undone by the detector, never listed here.
const WORDS_RE = /^[a-z]+( [a-z]+)*$/;
// An empty word gets one message, not a second one about its letters.
const word = z
  .string()
  .trim()
  .min(1, "a term may not be empty")
  .refine(
    (s) => s.length === 0 || WORDS_RE.test(s),
    "expected lower-case letters a-z, words separated by single spaces",
  );
const singleWord = z
  .string()
  .trim()
  .min(1, "a word may not be empty")
  .refine((s) => s.length === 0 || /^[a-z]+$/.test(s), "expected one lower-case word (letters a-z only)");

const abuseTerm = z
  .object({
    term: word,
    /** Contribution to the tweet's score; the tweet is abusive when the sum reaches `threshold`. */
    weight: z.number().positive("a weight is a positive number").max(5, "a weight is at most 5"),
    /** Other spellings of the same word (`goblog`, `gblk`); vowel-less forms are generated unless `skeleton: false`. */
    variants: z.array(word).optional(),
    /**
     * The word only counts when aimed at someone: `true` = a person (you-pronoun, `dasar`/`si`,
     * an @mention, a third person); `you` = only a second-person pronoun (threats: `bunuh` needs
     * `lu`, `kamu`, `kowe`, `rumahmu` …, or it is news about a crime).
     */
    needs_target: z.union([z.literal(true), z.literal("you")]).optional(),
    /** How many tokens away the target may stand; defaults to the lexicon's `target_window`. */
    window: z.number().int().min(1).max(8).optional(),
    /**
     * Uses that cancel it. A phrase containing the term (`anjing liar`, `daging babi`) must match
     * around it; a single other word (`rabies`) cancels it within `context_window` tokens.
     */
    ambiguous_with: z.array(word).optional(),
    /** Generate the vowel-less spelling (`bangsat` → `bngst`); default true for long enough words. */
    skeleton: z.boolean().optional(),
  })
  .strict();

const categoryList = z.array(abuseTerm).min(1, "a category, when present, lists at least one term");

export const abuseLexiconSchema = z
  .object({
    version: z.literal(1),
    /** A tweet is abusive when the weights of its counted terms add up to at least this. */
    threshold: z.number().positive(),
    /** Added to a term's weight when it is aimed at a person (`tolol lu`, `dasar bodoh`). */
    target_bonus: z.number().min(0).max(5),
    /**
     * A `needs_target: true` insult with no target found still counts at this fraction of its
     * weight (0 = not at all): name-calling with the target left implicit ("dasar", a reply, a
     * photo) is still abuse, but one such word alone should not cross the threshold. Threats
     * (`needs_target: you`) never count without a second person. Default 0.
     */
    untargeted_factor: z.number().min(0).max(1).default(0),
    /**
     * A post of at most this many words (mentions not counted) whose insult is the point of it
     * ("Edan pisan", "Cupu!", "wah udah gila") weighs its terms by `short_post_factor`. 0 = off.
     */
    short_post_words: z.number().int().min(0).max(20).default(0),
    short_post_factor: z.number().min(1).max(3).default(1),
    /**
     * Degree words and copulas next to a term (`udik bener`, `sinting banget`, `emang kampungan`,
     * `udah gila`) add `intensifier_bonus` to it: a mild insult said with emphasis is meant.
     */
    intensifiers: z.array(singleWord).default([]),
    /**
     * Words right before a term that deny it or talk about the word itself (`nggak bodo`,
     * `bukan sarap`, `kata autis`): the term is not said of anyone.
     */
    denials: z.array(singleWord).default([]),
    intensifier_bonus: z.number().min(0).max(5).default(0),
    /** Default distance in tokens between a term and its target. */
    target_window: z.number().int().min(1).max(8),
    /** Distance in tokens within which a single ambiguous_with word cancels a term. */
    context_window: z.number().int().min(1).max(8),
    targets: z
      .object({
        /** Second-person pronouns in Indonesian, Jakarta slang, Sundanese and Javanese. */
        you: z.array(singleWord).min(1, "list at least one second-person pronoun"),
        /** Suffixes meaning "your" (`rumahmu`, `otakmu`); a word in `not_you` only looks like one. */
        you_suffixes: z.array(singleWord).default([]),
        not_you: z.array(singleWord).default([]),
        /** Third-person words that point at someone (`dia`, `mereka`). */
        other: z.array(singleWord).default([]),
        /** First-person pronouns: a weak insult nearer to one of these is self-deprecation. */
        self: z.array(singleWord).default([]),
        /** Words that aim the next word at someone (`dasar bodoh`, `si dungu`). */
        markers: z.array(singleWord).default([]),
        /** Similes that aim the word right after them at whoever is compared (`kayak monyet`, `kek onta`). */
        similes: z.array(singleWord).default([]),
      })
      .strict(),
    categories: z
      .object(
        Object.fromEntries(ABUSE_CATEGORIES.map((c) => [c, categoryList.optional()])) as Record<
          AbuseCategory,
          z.ZodOptional<typeof categoryList>
        >,
      )
      .strict(),
  })
  .strict()
  .superRefine((lex, ctx) => {
    const seen = new Map<string, string>();
    for (const category of ABUSE_CATEGORIES) {
      (lex.categories[category] ?? []).forEach((t, i) => {
        const forms = [t.term, ...(t.variants ?? [])];
        forms.forEach((form, j) => {
          const path =
            j === 0 ? ["categories", category, i, "term"] : ["categories", category, i, "variants", j - 1];
          const where = `${category}[${i}]`;
          const previous = seen.get(form);
          if (previous !== undefined) {
            ctx.addIssue({
              code: "custom",
              path,
              message: `"${form}" is listed twice (also at ${previous})`,
            });
          } else seen.set(form, where);
        });
        (t.ambiguous_with ?? []).forEach((phrase, j) => {
          const words = phrase.split(" ");
          if (words.length > 1 && !forms.some((f) => containsWords(words, f.split(" ")))) {
            ctx.addIssue({
              code: "custom",
              path: ["categories", category, i, "ambiguous_with", j],
              message: `a phrase in ambiguous_with must contain "${t.term}" or one of its variants; a single word is a nearby context word`,
            });
          }
        });
      });
    }
  });

export type AbuseLexicon = z.output<typeof abuseLexiconSchema>;
export type AbuseTerm = z.output<typeof abuseTerm>;

/** Index where `needle` occurs as consecutive words inside `hay`, or -1. */
export function indexOfWords(hay: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function containsWords(hay: readonly string[], needle: readonly string[]): boolean {
  return indexOfWords(hay, needle) >= 0;
}
