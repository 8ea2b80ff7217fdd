import { z } from "zod";

const phrase = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+){0,2}$/u, "one to three lower-case words");
const weights = z.record(phrase, z.number().positive("weights are positive numbers"));

/** `config/lexicon/sentiment.yaml`: the words the mood of a mention is read from. */
export const sentimentLexiconSchema = z
  .object({
    positive: weights,
    negative: weights,
    negations: z.array(phrase).min(1),
    intensifiers: z.record(phrase, z.number().min(1, "an intensifier multiplies by at least 1")),
  })
  .strict()
  .superRefine((l, ctx) => {
    for (const w of Object.keys(l.positive))
      if (w in l.negative)
        ctx.addIssue({
          code: "custom",
          path: ["negative", w],
          message: `\`${w}\` is listed as positive too`,
        });
  });

export type SentimentLexicon = z.output<typeof sentimentLexiconSchema>;
