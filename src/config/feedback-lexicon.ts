import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { parseYaml } from "./yaml-file.js";

const phrase = z.string().trim().min(1).toLowerCase();

/** `config/feedback.yaml`: how a citizen's answer to our "resolved" reply is read. */
export const feedbackLexiconSchema = z
  .object({
    /** Tweet spelling → the word the cues use (several words, or "" to drop the word). */
    spelling: z.record(z.string().regex(/^[a-z0-9]+$/, "a single lower-case word"), z.string()),
    /** The problem is still there or our reply was untrue: reopen. */
    not_fixed: z.array(phrase).min(1),
    /** Would hit a `not_fixed` cue but says something good. */
    not_a_complaint: z.array(phrase).default([]),
    /** Thanks and praise: recorded as satisfaction. */
    thanks: z.array(phrase).min(1),
  })
  .strict();

export type FeedbackLexicon = z.output<typeof feedbackLexiconSchema>;

export async function loadFeedbackLexicon(file: string): Promise<FeedbackLexicon> {
  const parsed = parseYaml(await readFile(file, "utf8"), file, feedbackLexiconSchema);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return parsed.value;
}
