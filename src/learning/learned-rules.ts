import { z } from "zod";
import type { AcceptedRule, CandidateRule } from "./candidate-rule.js";
import type { Suggestion } from "./suggest-rules.js";

/**
 * Accepted rules shared by every process of a deployment (an overlay applied on top of config/),
 * with a version that changes whenever the set does; suggestions offered to the supervisors (so
 * a button press finds its rule) and those dismissed (never offered again).
 */
export interface LearnedRuleStore {
  /** The accepted rules, oldest first. */
  accepted(): Promise<AcceptedRule[]>;
  /**
   * Adds an accepted rule, bumps the version and tells every process. A rule already there is
   * not added again (`added: false`, the version unchanged).
   */
  accept(rule: AcceptedRule): Promise<{ added: boolean; version: number }>;
  /** The version of the set of accepted rules (0: none ever accepted). */
  version(): Promise<number>;
  dismiss(id: string, by: string, at: string): Promise<boolean>;
  dismissed(): Promise<Set<string>>;
  /** Keeps a suggestion offered in the supervisors' group until its buttons are pressed. */
  offer(s: Suggestion): Promise<void>;
  offered(id: string): Promise<Suggestion | undefined>;
}

const rule: z.ZodType<CandidateRule> = z.union([
  z.object({
    type: z.enum(["keyword", "negative"]),
    agency: z.string().min(1),
    phrase: z.string().min(1),
    weight: z.number().positive(),
  }),
  z.object({
    type: z.literal("context"),
    agency: z.string().min(1),
    word: z.string().min(1),
    weight: z.number().positive(),
    needs: z.array(z.string().min(1)).min(1),
    window: z.number().int().positive(),
  }),
  z.object({
    type: z.literal("kind"),
    kind: z.enum(["permintaan", "pertanyaan", "saran"]),
    phrase: z.string().min(1),
    weight: z.number().positive(),
  }),
]);

/** What an overlay entry must be: anything else in Redis makes a reload fail, not triage. */
export const acceptedRuleSchema: z.ZodType<AcceptedRule> = z.object({
  id: z.string().regex(/^r-[0-9a-f]{6}$/),
  rule,
  by: z.string(),
  on: z.string(),
  support: z.number(),
  precision: z.number(),
  net: z.number(),
});
