import { z } from "zod";

const AGENCY_ID = /^[a-z][a-z0-9_]{1,31}$/;

/** A phrase (one or more words, matched on normalised, stemmed tokens) and its weight. */
const phraseWeights = z
  .record(
    z.string().trim().min(1, "a keyword may not be empty"),
    z.number().positive("weights are positive numbers"),
  )
  .refine((r) => Object.keys(r).length > 0, "expected at least one keyword");

/**
 * A weak word that only counts when one of `needs` stands within `window` tokens of it:
 * `lampu` alone says little; `lampu` near `merah`, `jalan`, `pju` is a traffic light or street light.
 */
const contextRule = z
  .object({
    word: z.string().trim().min(1),
    weight: z.number().positive(),
    needs: z.array(z.string().trim().min(1)).min(1, "a context rule needs at least one context word"),
    window: z.number().int().min(1).max(10).default(3),
    /**
     * An institution's own conduct (`pungli di sekolah`, `atap bocor di sekolah`) makes it the topic
     * even where the tweet names it as the place; without this flag a place phrase is never a topic
     * (`pengemis di lampu merah` is not a traffic-light matter). Default false.
     */
    at_place: z.boolean().default(false),
  })
  .strict();

const bilingual = z.object({ id: z.string().min(1), en: z.string().min(1) }).strict();

const slaTarget = z
  .object({
    first_response_hours: z.number().positive(),
    resolution_hours: z.number().positive(),
  })
  .strict();

export const agencyFileSchema = z
  .object({
    id: z.string().regex(AGENCY_ID, "expected a lower-case id like `dishub`"),
    name: z.string().min(1),
    short_name: z.string().min(1),
    /**
     * `agency` owns tickets; `external` is out of the city's jurisdiction (a redirect reply, no card);
     * `command_center` receives what no rule routes (the triage group) and moderation.
     */
    kind: z.enum(["agency", "external", "command_center"]).default("agency"),
    /** Telegram group of this agency. The env var `ADUAN_CHAT_<ID>` (upper case) overrides it. */
    telegram_chat_id: z.number().int().optional(),
    /** Where a citizen should go instead; required for external agencies. */
    redirect: bilingual.optional(),
    keywords: phraseWeights,
    negative: phraseWeights.optional(),
    context: z.array(contextRule).optional(),
    sla: z.object({ urgent: slaTarget.optional(), normal: slaTarget.optional() }).strict().optional(),
    /** Per-agency overrides of reply templates, keyed like config/templates.yaml. */
    templates: z.record(z.string(), bilingual).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.kind === "external" && !a.redirect) {
      ctx.addIssue({
        code: "custom",
        path: ["redirect"],
        message: "an external agency needs a redirect text (id and en)",
      });
    }
  });

export type AgencyFile = z.output<typeof agencyFileSchema>;
export type ContextRule = z.output<typeof contextRule>;
export type SlaTarget = z.output<typeof slaTarget>;
