import { z } from "zod";

const username = z
  .string()
  .regex(/^@?[A-Za-z0-9_]{1,15}$/, "expected an X username (letters, digits, underscore; at most 15)")
  .transform((u) => u.replace(/^@/, ""));

const searchSource = z
  .object({
    /** Stable id: the cursor key and the Job Scheduler id are derived from it. */
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, "expected a short id of lower-case letters, digits and dashes"),
    query: z.string().min(1).max(512),
  })
  .strict();

/** `YYYY-MM-DD` (a YAML timestamp is accepted too), a day in Asia/Jakarta. */
const localDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2026-12-01"),
);

/**
 * A hashtag campaign (a clean-up call like `#NgepelBraga`): searched on X from `from` to `to`
 * (Jakarta days, both included; without `to`, until it is removed) and tallied, never ticketed.
 */
const campaign = z
  .object({
    tag: z
      .string()
      .regex(
        /^#[\p{L}\p{N}_]{1,60}$/u,
        "expected one hashtag like #NgepelBraga (letters, digits, underscore)",
      ),
    from: localDate,
    to: localDate.optional(),
  })
  .strict()
  .refine((c) => c.to === undefined || c.from <= c.to, { message: "`to` is before `from`", path: ["to"] });

/**
 * Defaults of the per-user limits in `telegram:`, one place for the schema and the bot's options:
 * - `commands_per_minute`: commands per user and minute in a group (more than anyone types,
 *   fewer than a script sends; the first one over is told, the rest ignored);
 * - `private_messages_per_minute`: the same for a staff member or supervisor in a private chat;
 * - `stranger_answer_minutes`: someone in none of the configured groups who writes privately is
 *   answered once per this many minutes, and ignored in between.
 */
export const USER_LIMIT_DEFAULTS = {
  commands_per_minute: 10,
  private_messages_per_minute: 10,
  stranger_answer_minutes: 60,
} as const;

/** Defaults of app.yaml's `citizens` section (see the schema below). */
export const CITIZEN_DEFAULTS = {
  collect_minutes: 3,
  messages_per_minute: 12,
  reports_per_day: 10,
} as const;

export const appFileSchema = z
  .object({
    city: z.string().min(1),
    /** Language of staff UI and citizen replies: Bahasa Indonesia first, English as an option. */
    language: z.enum(["id", "en"]).default("id"),
    timezone: z.literal("Asia/Jakarta").default("Asia/Jakarta"),
    x: z
      .object({
        /** Our accounts: their mentions are the main source and the only tweets we may reply to. */
        accounts: z.array(username).min(1, "at least one account to watch"),
        searches: z.array(searchSource).default([]),
        poll_interval_seconds: z.number().int().min(10).max(3600).default(60),
        /** Page size for mentions and search (X allows 5..100). */
        max_results: z.number().int().min(5).max(100).default(100),
        /** Set only when the app is Enterprise or a declared "Public Utility": then replies to any tweet are allowed. */
        reply_exemption: z.boolean().default(false),
        cost: z
          .object({
            read_usd: z.number().nonnegative().default(0.005),
            post_usd: z.number().nonnegative().default(0.015),
            monthly_budget_usd: z.number().positive().default(100),
          })
          .strict()
          .default({ read_usd: 0.005, post_usd: 0.015, monthly_budget_usd: 100 }),
      })
      .strict(),
    /** Hashtag campaigns to tally (see {@link campaign}); their posts are counted, not ticketed. */
    campaigns: z
      .array(campaign)
      .default([])
      .refine(
        (cs) => new Set(cs.map((c) => c.tag.toLowerCase())).size === cs.length,
        "a hashtag is listed twice",
      ),
    replies: z
      .object({
        on_dispatch: z.boolean().default(true),
        on_resolve: z.boolean().default(true),
        on_redirect: z.boolean().default(true),
        /** Praise or thanks (not a report): a short thank-you (templates.yaml `thanks`), never a ticket. */
        on_praise: z.boolean().default(true),
      })
      .strict()
      .default({ on_dispatch: true, on_resolve: true, on_redirect: true, on_praise: true }),
    telegram: z
      .object({
        /** Agency whose group receives what no rule routes with confidence. */
        triage_agency: z.string().default("diskominfo"),
        /** Agency whose group receives abusive tweets for moderation. */
        moderation_agency: z.string().default("diskominfo"),
        /** The supervisors' group; `ADUAN_CHAT_SUPERVISORS` overrides it. */
        supervisors_chat_id: z.number().int().optional(),
        /** How long a getChatMember answer is trusted before asking Telegram again. */
        membership_cache_seconds: z.number().int().min(0).max(3600).default(60),
        /** Leave a group the bot was added to that belongs to no agency (and tell the operator). */
        leave_unknown_groups: z.boolean().default(true),
        /** See {@link USER_LIMIT_DEFAULTS}. */
        commands_per_minute: z
          .number()
          .int()
          .min(1)
          .max(600)
          .default(USER_LIMIT_DEFAULTS.commands_per_minute),
        private_messages_per_minute: z
          .number()
          .int()
          .min(1)
          .max(600)
          .default(USER_LIMIT_DEFAULTS.private_messages_per_minute),
        stranger_answer_minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(USER_LIMIT_DEFAULTS.stranger_answer_minutes),
      })
      .strict()
      .default({
        triage_agency: "diskominfo",
        moderation_agency: "diskominfo",
        membership_cache_seconds: 60,
        leave_unknown_groups: true,
        ...USER_LIMIT_DEFAULTS,
      }),
    /**
     * Citizens reporting in a private chat with the bot (`citizens/`). Off: strangers who write
     * privately get the one polite refusal per window instead.
     */
    citizens: z
      .object({
        enabled: z.boolean().default(false),
        /** Messages of one citizen within this many minutes make one report (sent then, or on "Kirim laporan"). */
        collect_minutes: z.number().int().min(1).max(60).default(CITIZEN_DEFAULTS.collect_minutes),
        /** Messages per citizen and minute; the first one over is told, the rest ignored. */
        messages_per_minute: z.number().int().min(1).max(600).default(CITIZEN_DEFAULTS.messages_per_minute),
        /** Reports per citizen and day (WIB calendar day). */
        reports_per_day: z.number().int().min(1).max(1000).default(CITIZEN_DEFAULTS.reports_per_day),
        /** Telegram user ids refused politely (also the Redis set `<prefix>:citizen:blocked`). */
        blocked_user_ids: z.array(z.number().int()).default([]),
      })
      .strict()
      .default({ enabled: false, ...CITIZEN_DEFAULTS, blocked_user_ids: [] }),
    feedback: z
      .object({
        /**
         * Days after our "resolved" reply during which a citizen's answer to it counts as feedback:
         * "belum", "masih", "bohong" or a photo reopens the ticket; thanks are recorded. Later
         * answers are triaged like any tweet.
         */
        window_days: z.number().int().min(1).max(90).default(7),
      })
      .strict()
      .default({ window_days: 7 }),
    reconcile: z
      .object({
        /**
         * How often the reconciler re-drives parked effects, open tickets without a live card and
         * resolved tickets without their reply (it also runs once at every workers start).
         */
        every_minutes: z.number().int().min(1).max(120).default(5),
      })
      .strict()
      .default({ every_minutes: 5 }),
    triage: z
      .object({
        /** Below this confidence a complaint goes to the triage group to be routed by hand. */
        min_confidence: z.number().min(0).max(1).default(0.35),
        /** Accounts of officials and agencies: their tweets and replies are never complaints. */
        official_accounts: z.array(username).default([]),
      })
      .strict()
      .default({ min_confidence: 0.35, official_accounts: [] }),
    learning: z
      .object({
        /**
         * Days a staff correction of triage (a reassignment, a routing from the desk, a "bukan
         * aduan") is kept for rule suggestions; older ones are dropped as new ones come in.
         */
        corrections_retention_days: z.number().int().min(1).max(3650).default(365),
        /**
         * The supervisors' weekly message of rule suggestions (from the corrections of the last
         * `days`), each with Terima/Abaikan buttons: a cron in Asia/Jakarta (default Monday
         * 08:00), how many suggestions at most; `enabled: false` stops it.
         */
        weekly_suggestions: z
          .object({
            enabled: z.boolean().default(true),
            cron: z.string().min(9).default("0 8 * * 1"),
            top: z.number().int().min(1).max(10).default(3),
            days: z.number().int().min(1).max(365).default(30),
          })
          .strict()
          .default({ enabled: true, cron: "0 8 * * 1", top: 3, days: 30 }),
      })
      .strict()
      .default({
        corrections_retention_days: 365,
        weekly_suggestions: { enabled: true, cron: "0 8 * * 1", top: 3, days: 30 },
      }),
  })
  .strict();

export type AppFile = z.output<typeof appFileSchema>;
