import { z } from "zod";
import type { AgencyFile } from "../../triage/agency-schema.js";
import { parseYaml, type ParseResult } from "../../config/yaml-file.js";
import type { ReportKind, Urgency } from "../../triage/types.js";
import type { HolidayCalendar } from "./holiday-calendar.js";
import {
  CONTINUOUS_CALENDAR,
  officeCalendar,
  WEEKDAYS,
  workIntervals,
  type Weekday,
  type WorkingCalendar,
} from "./working-time.js";

/**
 * The SLA policy (`config/sla.yaml`): office hours, which clock each urgency runs on, default
 * targets, when reminders fire and when the daily messages go out. Per-agency targets override
 * the defaults from each agency file's `sla` block.
 */

/** Indonesia's zones keep no daylight saving, so each is a fixed offset from UTC (minutes). */
export const SUPPORTED_TIMEZONES = {
  "Asia/Jakarta": 420,
  "Asia/Pontianak": 420,
  "Asia/Makassar": 480,
  "Asia/Jayapura": 540,
} as const;
export type SupportedTimezone = keyof typeof SUPPORTED_TIMEZONES;

/** `working_hours`: office hours on the working-hours clock; `continuous`: 24/7, every minute counts. */
export type ClockKind = "working_hours" | "continuous";

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const clockTime = z.string().regex(TIME, "expected a time like 08:00");
const breakRange = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$|^([01]\d|2[0-3]):[0-5]\d-24:00$/,
    "expected a break like 11:30-13:00",
  );

const dayHours = z
  .object({
    open: clockTime,
    close: clockTime,
    /** Stretches without work inside opening hours, e.g. Friday prayers `11:30-13:00`. */
    breaks: z.array(breakRange).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    try {
      if (workIntervals(d.open, d.close, d.breaks).length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["breaks"],
          message: "the breaks leave no working time on this day",
        });
      }
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["close"], message: (err as Error).message });
    }
  });

const targets = z
  .object({
    first_response_hours: z.number().positive("a target is a positive number of hours"),
    resolution_hours: z.number().positive("a target is a positive number of hours"),
  })
  .strict();

const clockKind = z.enum(["working_hours", "continuous"]);

export const slaPolicySchema = z
  .object({
    timezone: z.enum(Object.keys(SUPPORTED_TIMEZONES) as [SupportedTimezone, ...SupportedTimezone[]]),
    /** Office hours per weekday (`mon` … `sun`); a day left out is closed. */
    working_hours: z
      .object(
        Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours.optional()])) as Record<
          Weekday,
          z.ZodOptional<typeof dayHours>
        >,
      )
      .strict()
      .refine(
        (w) => Object.values(w).some((d) => d !== undefined),
        "at least one weekday needs office hours",
      ),
    /** Whether collective leave closes the offices like a public holiday. */
    cuti_bersama_is_day_off: z.boolean().default(true),
    /** Which clock each urgency runs on. */
    clocks: z.object({ urgent: clockKind, normal: clockKind }).strict(),
    /** Default targets, in hours of the urgency's clock; agency files may override them. */
    targets: z.object({ urgent: targets, normal: targets }).strict(),
    /**
     * Optional targets per report kind for normal tickets (a question may be answered sooner than a
     * repair is done); a kind left out, and every urgent ticket, keeps the urgency's targets.
     */
    targets_by_kind: z
      .object({
        keluhan: targets.optional(),
        permintaan: targets.optional(),
        pertanyaan: targets.optional(),
        saran: targets.optional(),
      })
      .strict()
      .optional(),
    /** Share of a target after which the agency group is reminded (0.8 = at 80 %). */
    reminder_fraction: z
      .number()
      .gt(0, "expected a share between 0 and 1")
      .lt(1, "expected a share between 0 and 1"),
    /** Local times of the daily messages to the supervisors' group. */
    schedule: z.object({ breach_summary: clockTime, digest: clockTime }).strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const u of ["urgent", "normal"] as const) {
      if (p.targets[u].first_response_hours > p.targets[u].resolution_hours) {
        ctx.addIssue({
          code: "custom",
          path: ["targets", u, "first_response_hours"],
          message: "the first-response target may not be longer than the resolution target",
        });
      }
    }
    for (const [kind, t] of Object.entries(p.targets_by_kind ?? {})) {
      if (t && t.first_response_hours > t.resolution_hours) {
        ctx.addIssue({
          code: "custom",
          path: ["targets_by_kind", kind, "first_response_hours"],
          message: "the first-response target may not be longer than the resolution target",
        });
      }
    }
  });

export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** Parses `config/sla.yaml`; every problem names the file, line and path. */
export function parseSlaPolicy(text: string, file: string): ParseResult<SlaPolicy> {
  return parseYaml(text, file, slaPolicySchema);
}

/** The targets that apply to one ticket: its clock, both targets and the reminder share. */
export interface SlaTargets {
  urgency: Urgency;
  clock: ClockKind;
  first_response_hours: number;
  resolution_hours: number;
  reminder_fraction: number;
  /** `agency` when the agency file overrode the policy's default. */
  source: "policy" | "agency";
}

/**
 * Targets for an urgency, the agency file's `sla` block winning over the policy's defaults
 * (both targets together: an agency block is complete by schema). The clock stays the policy's:
 * an agency may promise faster service, not a different calendar. A normal ticket of a report
 * kind with its own `targets_by_kind` entry takes that instead of the normal default (an agency's
 * own block still wins; urgent tickets keep the urgent targets).
 */
export function resolveSlaTargets(
  policy: SlaPolicy,
  agencySla: AgencyFile["sla"],
  urgency: Urgency,
  kind?: ReportKind | null,
): SlaTargets {
  const own = agencySla?.[urgency];
  const byKind = urgency === "normal" && kind ? policy.targets_by_kind?.[kind] : undefined;
  const t = own ?? byKind ?? policy.targets[urgency];
  return {
    urgency,
    clock: policy.clocks[urgency],
    first_response_hours: t.first_response_hours,
    resolution_hours: t.resolution_hours,
    reminder_fraction: policy.reminder_fraction,
    source: own ? "agency" : "policy",
  };
}

/** One calendar per clock kind, so `calendars[targets.clock]` picks a ticket's clock. */
export type SlaCalendars = Readonly<Record<ClockKind, WorkingCalendar>>;

export function slaCalendars(policy: SlaPolicy, holidays: HolidayCalendar): SlaCalendars {
  const week: Partial<Record<Weekday, ReturnType<typeof workIntervals>>> = {};
  for (const d of WEEKDAYS) {
    const h = policy.working_hours[d];
    if (h) week[d] = workIntervals(h.open, h.close, h.breaks);
  }
  return {
    working_hours: officeCalendar({
      week,
      holidays,
      cutiBersamaIsDayOff: policy.cuti_bersama_is_day_off,
      utcOffsetMinutes: SUPPORTED_TIMEZONES[policy.timezone],
    }),
    continuous: CONTINUOUS_CALENDAR,
  };
}
