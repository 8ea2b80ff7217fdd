import { JAKARTA_UTC_OFFSET_MINUTES } from "../jakarta-time.js";

/**
 * The period a supervisor asks about, as words (`hari ini`, `minggu ini`, `2026-11`,
 * `2026-11-01..2026-11-15`) turned into an instant range `[from, to)` on the city's wall clock.
 * Pure: `now` is given, never read. Indonesia keeps no daylight saving, so a local day is always
 * 24 hours and a fixed UTC offset (WIB = +7 h) is exact.
 *
 * Accepted (case and extra spaces do not matter):
 * - `hari ini` / `today`, `kemarin` / `yesterday`
 * - `minggu ini` / `pekan ini` / `this week` (Monday 00:00 to next Monday), `minggu lalu` /
 *   `last week`
 * - `bulan ini` / `this month`, `bulan lalu` / `last month`
 * - `YYYY-MM` (a month), `YYYY-MM-DD` (a day), `YYYY-MM-DD..YYYY-MM-DD` (both days included)
 */

export type PeriodErrorCode =
  /** Not one of the accepted forms. */
  | "unknown"
  /** Shaped like a date, but no such day or month (`2026-02-30`, `2026-13`). */
  | "bad_date"
  /** The range ends before it starts. */
  | "reversed"
  /** Longer than `maxDays`. */
  | "too_long"
  /** Starts after `now`: there is nothing to report yet. */
  | "future";

export interface ReportPeriod {
  /** Local midnight of the first day, as an instant. */
  from: Date;
  /** Local midnight after the last day (exclusive). */
  to: Date;
  /** First and last day included, local `YYYY-MM-DD` (for file names and titles). */
  firstDay: string;
  lastDay: string;
}

export type PeriodResult =
  { ok: true; period: ReportPeriod } | { ok: false; code: PeriodErrorCode; input: string; message: string };

export interface PeriodOptions {
  /** Local time = UTC + this. Default 420 (Asia/Jakarta, WIB). */
  utcOffsetMinutes?: number;
  /** Longest period accepted, in days. Default 366: a year's tickets, not the whole archive. */
  maxDays?: number;
}

/** The forms, for help texts. */
export const PERIOD_FORMS = [
  "hari ini",
  "kemarin",
  "minggu ini",
  "minggu lalu",
  "bulan ini",
  "bulan lalu",
  "YYYY-MM",
  "YYYY-MM-DD",
  "YYYY-MM-DD..YYYY-MM-DD",
] as const;

const DAY = 86_400_000;

const WORDS: Record<string, "today" | "yesterday" | "this_week" | "last_week" | "this_month" | "last_month"> =
  {
    "hari ini": "today",
    today: "today",
    kemarin: "yesterday",
    yesterday: "yesterday",
    "minggu ini": "this_week",
    "pekan ini": "this_week",
    "this week": "this_week",
    "minggu lalu": "last_week",
    "pekan lalu": "last_week",
    "last week": "last_week",
    "bulan ini": "this_month",
    "this month": "this_month",
    "bulan lalu": "last_month",
    "last month": "last_month",
  };

/** Parses a period; see the module comment for the forms. */
export function parseReportPeriod(input: string, now: Date, opts: PeriodOptions = {}): PeriodResult {
  const offset = (opts.utcOffsetMinutes ?? JAKARTA_UTC_OFFSET_MINUTES) * 60_000;
  const maxDays = opts.maxDays ?? 366;
  const text = input.trim().toLowerCase().replace(/\s+/g, " ");
  const fail = (code: PeriodErrorCode, message: string): PeriodResult => ({
    ok: false,
    code,
    input: input.trim(),
    message,
  });

  const today = Math.floor((now.getTime() + offset) / DAY);
  let first: number;
  let last: number;
  const word = WORDS[text];
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  const range = /^(\d{4}-\d{2}-\d{2})(?: ?\.\. ?(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (word) {
    [first, last] = wordRange(word, today);
  } else if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12) return fail("bad_date", `${month[0]} is not a month (expected YYYY-MM, 01 to 12)`);
    first = Date.UTC(y, m - 1, 1) / DAY;
    last = Date.UTC(y, m, 1) / DAY - 1;
  } else if (range) {
    const a = dayNumber(range[1]!);
    const b = range[2] === undefined ? a : dayNumber(range[2]);
    if (a === null) return fail("bad_date", `${range[1]} is not a date`);
    if (b === null) return fail("bad_date", `${range[2]} is not a date`);
    if (b < a) return fail("reversed", `the period ends (${range[2]}) before it starts (${range[1]})`);
    first = a;
    last = b;
  } else {
    return fail("unknown", `unknown period "${input.trim()}"; use one of: ${PERIOD_FORMS.join(", ")}`);
  }

  if (last - first + 1 > maxDays) {
    return fail("too_long", `the period spans ${last - first + 1} days; at most ${maxDays} are allowed`);
  }
  const from = new Date(first * DAY - offset);
  if (from.getTime() > now.getTime()) return fail("future", `the period starts after now`);
  return {
    ok: true,
    period: { from, to: new Date((last + 1) * DAY - offset), firstDay: isoDay(first), lastDay: isoDay(last) },
  };
}

/** First and last local day number of a named period around `today`. */
function wordRange(word: (typeof WORDS)[string], today: number): [number, number] {
  // Day 0 (1970-01-01) was a Thursday; Indonesian weeks start on Monday.
  const monday = today - ((today + 3) % 7);
  const d = new Date(today * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (word) {
    case "today":
      return [today, today];
    case "yesterday":
      return [today - 1, today - 1];
    case "this_week":
      return [monday, monday + 6];
    case "last_week":
      return [monday - 7, monday - 1];
    case "this_month":
      return [Date.UTC(y, m, 1) / DAY, Date.UTC(y, m + 1, 1) / DAY - 1];
    case "last_month":
      return [Date.UTC(y, m - 1, 1) / DAY, Date.UTC(y, m, 1) / DAY - 1];
  }
}

function dayNumber(iso: string): number | null {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) return null;
  return t / DAY;
}

function isoDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
